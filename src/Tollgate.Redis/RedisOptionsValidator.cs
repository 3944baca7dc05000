using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Tollgate.Redis;

/// <summary>
/// Refuses a missing or unparsable <see cref="RedisOptions.Configuration"/> at start-up, naming the key. Messages never
/// repeat the configuration string, which may hold a password.
/// </summary>
internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            failures.Add($"{RedisOptions.SectionName}:Configuration is required: a StackExchange.Redis configuration string such as 'redis:6379'.");
        }
        else
        {
            try
            {
                if (ConfigurationOptions.Parse(options.Configuration).EndPoints.Count == 0)
                {
                    failures.Add($"{RedisOptions.SectionName}:Configuration names no server: give at least one host:port.");
                }
            }
            catch (ArgumentException ex)
            {
                // StackExchange.Redis names the bad keyword; it never echoes a password, which it does not validate.
                failures.Add($"{RedisOptions.SectionName}:Configuration is not a valid StackExchange.Redis configuration string: {ex.Message}");
            }
        }

        if (string.IsNullOrEmpty(options.KeyPrefix))
        {
            failures.Add($"{RedisOptions.SectionName}:KeyPrefix must not be empty: it keeps Tollgate's keys apart from anything else on the server.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
