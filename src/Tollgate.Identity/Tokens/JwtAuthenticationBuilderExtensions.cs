using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Tollgate.Identity.Tokens;

/// <summary>Registers JWT authentication: Tollgate's own session tokens and configured external issuers.</summary>
public static class JwtAuthenticationBuilderExtensions
{
    /// <summary>
    /// Binds <see cref="JwtOptions"/> from <c>Identity:Jwt</c> (validated at start-up), registers
    /// <see cref="AccessTokenIssuer"/>, the scheme <see cref="JwtSchemes.Own"/>, and one scheme
    /// <see cref="JwtSchemes.External"/> per entry of <c>Identity:Jwt:Issuers</c>. The schemes only authenticate;
    /// challenges and forbids are left to the caller. Needs an <see cref="IMasterKeySource"/> unless
    /// <c>Identity:Jwt:SigningKeys</c> is set.
    /// </summary>
    public static AuthenticationBuilder AddTollgateJwt(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = builder.Services;
        services.AddOptions<JwtOptions>().Bind(configuration.GetSection(JwtOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new JwtKeyRing(sp.GetRequiredService<IOptions<JwtOptions>>().Value, sp.GetService<IMasterKeySource>()));
        services.TryAddSingleton(sp => new AccessTokenIssuer(
            sp.GetRequiredService<JwtKeyRing>(), sp.GetRequiredService<IOptions<JwtOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<JwksDocumentRetriever>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, JwtBearerOptionsSetup>());

        builder.AddJwtBearer(JwtSchemes.Own, static _ => { });

        // Schemes must exist before the options are validated; names that fail validation get none, and the
        // validator stops the start with the reason.
        var names = configuration.GetSection($"{JwtOptions.SectionName}:{nameof(JwtOptions.Issuers)}").GetChildren()
            .Select(issuer => issuer[nameof(ExternalIssuerOptions.Name)])
            .Where(JwtOptionsValidator.IsValidIssuerName)
            .Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            builder.AddJwtBearer(JwtSchemes.External(name!), static _ => { });
        }

        return builder;
    }
}
