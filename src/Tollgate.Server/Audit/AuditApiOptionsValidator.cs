using Microsoft.Extensions.Options;

namespace Tollgate.Server.Audit;

/// <summary>Refuses limits that cannot work, naming the configuration key, so a bad setting stops the start.</summary>
internal sealed class AuditApiOptionsValidator : IValidateOptions<AuditApiOptions>
{
    private const int MaxArrayBytes = int.MaxValue - 64;

    public ValidateOptionsResult Validate(string? name, AuditApiOptions options)
    {
        var failures = new List<string>();
        Check(failures, options.MaxBodyBytes is >= 1024 and <= MaxArrayBytes, nameof(options.MaxBodyBytes), $"1024 to {MaxArrayBytes}", options.MaxBodyBytes);
        Check(failures, options.MaxBulkBodyBytes is >= 1024 and <= MaxArrayBytes, nameof(options.MaxBulkBodyBytes), $"1024 to {MaxArrayBytes}", options.MaxBulkBodyBytes);
        Check(failures, options.MaxBulkEvents is >= 1 and <= 100_000, nameof(options.MaxBulkEvents), "1 to 100000", options.MaxBulkEvents);
        Check(failures, options.MaxJsonDepth is >= 2 and <= 256, nameof(options.MaxJsonDepth), "2 to 256", options.MaxJsonDepth);
        var limits = options.Limits;
        if (limits is null)
        {
            failures.Add($"{AuditApiOptions.SectionName}:{nameof(options.Limits)} is required.");
        }
        else
        {
            Check(failures, limits.MaxFieldLength is >= 16 and <= 65_536, "Limits:MaxFieldLength", "16 to 65536", limits.MaxFieldLength);
            Check(failures, limits.MaxMessageLength is >= 16 and <= 1_048_576, "Limits:MaxMessageLength", "16 to 1048576", limits.MaxMessageLength);
            Check(failures, limits.MaxFieldNameLength is >= 16 and <= 1024, "Limits:MaxFieldNameLength", "16 to 1024", limits.MaxFieldNameLength);
            Check(failures, limits.MaxEventBytes is >= 1024 and <= 16_777_216, "Limits:MaxEventBytes", "1024 to 16777216", limits.MaxEventBytes);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool ok, string key, string range, long value)
    {
        if (!ok)
        {
            failures.Add($"{AuditApiOptions.SectionName}:{key} must be {range}; it is {value}.");
        }
    }
}
