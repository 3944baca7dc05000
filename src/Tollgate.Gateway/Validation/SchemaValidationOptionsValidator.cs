using Microsoft.Extensions.Options;

namespace Tollgate.Gateway.Validation;

/// <summary>Refuses limits outside their ranges, naming the configuration key, so a bad setting stops the start.</summary>
internal sealed class SchemaValidationOptionsValidator : IValidateOptions<SchemaValidationOptions>
{
    public const int MinBodyBytes = 1024;
    public const int MaxBodyBytes = 256 * 1024 * 1024;
    public const int MaxDepth = 256;
    public const int MaxErrors = 1000;

    private const string Section = SchemaValidationOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SchemaValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxBodyBytes is < MinBodyBytes or > MaxBodyBytes)
        {
            failures.Add($"{Section}:MaxBodyBytes must be between {MinBodyBytes} and {MaxBodyBytes}; it is {options.MaxBodyBytes}.");
        }

        if (options.MaxDepth is < 1 or > MaxDepth)
        {
            failures.Add($"{Section}:MaxDepth must be between 1 and {MaxDepth}; it is {options.MaxDepth}.");
        }

        if (options.MaxErrors is < 1 or > MaxErrors)
        {
            failures.Add($"{Section}:MaxErrors must be between 1 and {MaxErrors}; it is {options.MaxErrors}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
