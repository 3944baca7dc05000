using Microsoft.Extensions.Logging;

namespace Tollgate.Gateway.Encryption;

/// <summary>Payload encryption's log messages. Bodies, envelopes and keys are never logged.</summary>
internal static partial class PayloadEncryptionLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Debug, Message = "Refused the encrypted request body: {Status} {ProblemType}")]
    public static partial void RequestRefused(ILogger logger, int status, string problemType);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Could not encrypt the upstream's {Status} response for route {RouteId}: {Reason}; answered 502")]
    public static partial void ResponseNotEncrypted(ILogger logger, int status, string routeId, string reason);
}
