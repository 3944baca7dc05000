using Microsoft.Extensions.Options;

namespace Tollgate.Pipeline.Transport;

/// <summary>Refuses a transport that does not exist (a number out of range), naming the key.</summary>
internal sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions options) =>
        Enum.IsDefined(options.Transport)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{PipelineOptions.SectionName}:Transport must be InProcess or Redis; it is {options.Transport}.");
}
