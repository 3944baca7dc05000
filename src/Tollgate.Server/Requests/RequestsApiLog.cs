namespace Tollgate.Server.Requests;

/// <summary>The requests API's log messages. Record contents (paths, headers, bodies) are never logged.</summary>
internal static partial class RequestsApiLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Stored a batch of {Count} reported requests for tenant {Tenant}")]
    public static partial void RequestsReported(ILogger logger, int count, string tenant);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "The store refused a write of {Count} reported requests for tenant {Tenant}; the caller was told to retry")]
    public static partial void StoreWriteFailed(ILogger logger, Exception exception, int count, string tenant);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Reported requests keep their previous redaction rules: the reloaded Gateway:Capture settings are invalid: {Reason}")]
    public static partial void RedactionReloadRefused(ILogger logger, string reason);
}
