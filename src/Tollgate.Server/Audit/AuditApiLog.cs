namespace Tollgate.Server.Audit;

/// <summary>The audit API's log messages. Bodies, idempotency keys and event contents are never logged.</summary>
internal static partial class AuditApiLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Appended {Count} audit events for tenant {Tenant} ({Replayed} replayed)")]
    public static partial void EventsAppended(ILogger logger, int count, string tenant, int replayed);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Refused item {Index} of an audit call for tenant {Tenant}: its idempotency key was already used for other content")]
    public static partial void IdempotencyConflict(ILogger logger, int index, string tenant);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Recorded amendment {AmendmentId} of audit event {OriginalId} for tenant {Tenant}")]
    public static partial void AmendmentRecorded(ILogger logger, Guid amendmentId, Guid originalId, string tenant);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Retention deleted {Deleted} audit events received before {Before} for tenant {Tenant}")]
    public static partial void RetentionCompleted(ILogger logger, long deleted, DateTimeOffset before, string tenant);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "The audit chain of tenant {Tenant} does not verify at sequence {Sequence}: {Reason}")]
    public static partial void ChainBroken(ILogger logger, string tenant, long? sequence, string? reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "An audit export ({Format}) for tenant {Tenant} failed after the response started; the connection was aborted")]
    public static partial void ExportFailed(ILogger logger, Exception exception, string format, string tenant);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "The store refused a write of {Count} audit events for tenant {Tenant}; the caller was told to retry")]
    public static partial void StoreWriteFailed(ILogger logger, Exception exception, int count, string tenant);
}
