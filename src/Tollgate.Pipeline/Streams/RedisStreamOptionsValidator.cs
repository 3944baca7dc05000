using Microsoft.Extensions.Options;

namespace Tollgate.Pipeline.Streams;

/// <summary>Refuses stream settings that cannot work, naming the configuration key, so a bad setting stops the start.</summary>
internal sealed class RedisStreamOptionsValidator : IValidateOptions<RedisStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisStreamOptions options)
    {
        var failures = new List<string>();
        Check(failures, options.MaxLength is >= 1 and <= 1_000_000_000, nameof(options.MaxLength), "1 to 1000000000", options.MaxLength);
        Check(failures, options.ReadCount is >= 1 and <= 10_000, nameof(options.ReadCount), "1 to 10000", options.ReadCount);
        Check(failures, Within(options.IdlePollDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10)), nameof(options.IdlePollDelay), "1 ms to 10 s", options.IdlePollDelay);
        Check(failures, Within(options.ClaimIdleTime, TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1)), nameof(options.ClaimIdleTime), "100 ms to 1 day", options.ClaimIdleTime);
        Check(failures, Within(options.ClaimInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)), nameof(options.ClaimInterval), "10 ms to 1 hour", options.ClaimInterval);
        Check(failures, options.ConsumerName is null || IsConsumerName(options.ConsumerName), nameof(options.ConsumerName), "1 to 200 characters without spaces, or unset", options.ConsumerName ?? string.Empty);
        Check(failures, Within(options.RetryInitialDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1)), nameof(options.RetryInitialDelay), "1 ms to 1 minute", options.RetryInitialDelay);
        Check(failures, Within(options.RetryMaxDelay, options.RetryInitialDelay, TimeSpan.FromMinutes(10)), nameof(options.RetryMaxDelay), "RetryInitialDelay to 10 minutes", options.RetryMaxDelay);
        Check(failures, Within(options.IdempotencyWindow, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30)), nameof(options.IdempotencyWindow), "1 s to 30 days", options.IdempotencyWindow);
        Check(failures, options.MaxEventsPerTransaction is >= 1 and <= 100_000, nameof(options.MaxEventsPerTransaction), "1 to 100000", options.MaxEventsPerTransaction);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool Within(TimeSpan value, TimeSpan min, TimeSpan max) => value >= min && value <= max;

    private static bool IsConsumerName(string name) => name.Length is >= 1 and <= 200 && !name.Any(char.IsWhiteSpace);

    private static void Check(List<string> failures, bool ok, string key, string range, object value)
    {
        if (!ok)
        {
            failures.Add($"{RedisStreamOptions.SectionName}:{key} must be {range}; it is {value}.");
        }
    }
}
