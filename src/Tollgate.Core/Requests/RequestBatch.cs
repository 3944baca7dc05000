namespace Tollgate.Core.Requests;

/// <summary>What every request store checks before it writes a batch, so all of them refuse the same batches.</summary>
public static class RequestBatch
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the first record that lacks a required member (non-nullable in
    /// the model, but the model can be built with nulls), so a malformed record fails its call with a message instead
    /// of a constraint error mid-transaction.
    /// </summary>
    public static void ThrowIfInvalid(IReadOnlyList<RequestRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        for (var i = 0; i < records.Count; i++)
        {
            if (FindInvalid(records[i], i) is { } invalid)
            {
                throw new ArgumentException(invalid, nameof(records));
            }
        }
    }

    private static string? FindInvalid(RequestRecord? record, int index)
    {
        if (record is null)
        {
            return $"Request record {index} is null.";
        }

        var missing = record.TenantId is null ? nameof(record.TenantId)
            : record.Service is null ? nameof(record.Service)
            : record.Method is null ? nameof(record.Method)
            : record.Path is null ? nameof(record.Path)
            : record.Detail is not { } detail ? null
            : detail.RequestHeaders is null ? "Detail.RequestHeaders"
            : detail.ResponseHeaders is null ? "Detail.ResponseHeaders"
            : detail.RequestBody is { Text: null } ? "Detail.RequestBody.Text"
            : detail.ResponseBody is { Text: null } ? "Detail.ResponseBody.Text"
            : null;
        return missing is null ? null : $"Request record {index} ({record.Id}) has no {missing}.";
    }
}
