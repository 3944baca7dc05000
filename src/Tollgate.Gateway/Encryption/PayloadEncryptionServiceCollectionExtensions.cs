using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tollgate.Gateway.Encryption;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers payload encryption (AES-256-GCM envelopes) for the gateway and the <c>encrypt</c>/<c>decrypt</c> commands.</summary>
public static class PayloadEncryptionServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="PayloadEncryption"/> as a singleton, with its key ring bound from <c>Gateway:Encryption</c> and
    /// validated at start-up: a malformed key or a duplicate id stops the start with a message naming the setting.
    /// </summary>
    public static IServiceCollection AddTollgatePayloadEncryption(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PayloadEncryptionOptions>()
            .Bind(configuration.GetSection(PayloadEncryptionOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PayloadEncryptionOptions>, PayloadEncryptionOptionsValidator>());
        services.TryAddSingleton<PayloadEncryption>();
        return services;
    }
}
