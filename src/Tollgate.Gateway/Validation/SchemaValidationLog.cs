using Microsoft.Extensions.Logging;

namespace Tollgate.Gateway.Validation;

/// <summary>Schema validation's log messages. Bodies and their values are never logged: they may hold anything.</summary>
internal static partial class SchemaValidationLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "Refused the {Method} request body against {SchemaPath}: {Status} {ProblemType}, {ViolationCount} violations")]
    public static partial void BodyRefused(ILogger logger, string method, string schemaPath, int status, string problemType, int violationCount);
}
