using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Tollgate.Redis;

/// <summary>
/// Readiness: healthy when Redis answers PING within two seconds. A failure is reported with the registration's failure
/// status (unhealthy unless the host registered the check as degraded, for nodes that keep serving without Redis) and
/// the kind of failure, never as an exception and never with the configuration string.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection connection) : IHealthCheck
{
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await connection.Database.PingAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered PING in {latency.TotalMilliseconds:0.#} ms.");
        }
        catch (TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis did not answer PING within {Timeout.TotalSeconds:0} seconds.");
        }
        catch (RedisConnectionException ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis is unreachable ({ex.FailureType}).");
        }
        catch (RedisException ex)
        {
            // The server answered with an error (say, NOAUTH); its text can name the problem but the exception is not
            // passed on, since its message may quote client settings.
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis refused PING ({ex.GetType().Name}).");
        }
    }
}
