using Microsoft.Extensions.Options;

namespace Tollgate.Pipeline.Capture;

/// <summary>Refuses capture settings that cannot work, naming the configuration key, so a bad setting stops the start.</summary>
internal sealed class CaptureQueueOptionsValidator : IValidateOptions<CaptureQueueOptions>
{
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, CaptureQueueOptions options)
    {
        var failures = new List<string>();
        Check(failures, options.Capacity is >= 1 and <= 1_000_000, nameof(options.Capacity), "1 to 1000000", options.Capacity);
        Check(failures, Enum.IsDefined(options.FullMode), nameof(options.FullMode), "Drop or Block", options.FullMode);
        Check(failures, options.BatchSize is >= 1 and <= 100_000, nameof(options.BatchSize), "1 to 100000", options.BatchSize);
        Check(failures, options.FlushInterval >= TimeSpan.FromMilliseconds(1) && options.FlushInterval <= MaxInterval, nameof(options.FlushInterval), "1 ms to 1 minute", options.FlushInterval);
        Check(failures, options.MaxWriteAttempts is >= 1 and <= 100, nameof(options.MaxWriteAttempts), "1 to 100", options.MaxWriteAttempts);
        Check(failures, options.RetryDelay >= TimeSpan.FromMilliseconds(1) && options.RetryDelay <= MaxInterval, nameof(options.RetryDelay), "1 ms to 1 minute", options.RetryDelay);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool ok, string key, string range, object value)
    {
        if (!ok)
        {
            failures.Add($"{CaptureQueueOptions.SectionName}:{key} must be {range}; it is {value}.");
        }
    }
}
