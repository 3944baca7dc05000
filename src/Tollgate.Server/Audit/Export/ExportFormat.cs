namespace Tollgate.Server.Audit.Export;

/// <summary>The formats <c>GET /api/v1/logs/export</c> writes.</summary>
internal enum ExportFormat
{
    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv,

    /// <summary>Newline-delimited JSON.</summary>
    Ndjson,
}
