using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using Tollgate.Gateway.Encryption;

namespace Tollgate.Server.Commands;

/// <summary>
/// <c>encrypt</c> and <c>decrypt</c>: a body on standard input to an envelope on standard output and back, with the
/// key ring of the server's configuration (<c>Gateway:Encryption:Keys</c>), so a human can produce and inspect what
/// clients and the gateway exchange.
/// </summary>
internal static class PayloadCommands
{
    private const string NoKeys = "No keys configured: set Gateway:Encryption:Keys (e.g. Gateway__Encryption__Keys__0__Id and Gateway__Encryption__Keys__0__Key).";

    public static Command CreateEncrypt(TextReader input, TextWriter output, TextWriter error)
    {
        var keyId = new Option<string>("--key-id") { Description = "Encrypt with this key of the ring instead of the first (the one the gateway encrypts with)." };
        var generateKey = new Option<bool>("--generate-key") { Description = "Print a new random key (base64 of 32 bytes) for Gateway:Encryption:Keys instead; reads nothing." };
        var command = new Command("encrypt", "Encrypts the JSON body on standard input into an envelope (application/vnd.tollgate.encrypted+json) on standard output.")
        {
            keyId,
            generateKey,
        };
        command.SetAction((parse, cancellationToken) =>
            parse.GetValue(generateKey)
                ? GenerateKeyAsync(parse.GetValue(keyId), output, error)
                : EncryptAsync(parse.GetValue(keyId), input, output, error, cancellationToken));
        return command;
    }

    public static Command CreateDecrypt(TextReader input, TextWriter output, TextWriter error)
    {
        var command = new Command("decrypt", "Decrypts the envelope on standard input and writes the body, exactly, to standard output.");
        command.SetAction((_, cancellationToken) => DecryptAsync(input, output, error, cancellationToken));
        return command;
    }

    private static async Task<int> GenerateKeyAsync(string? keyId, TextWriter output, TextWriter error)
    {
        if (keyId is not null)
        {
            await error.WriteLineAsync("--generate-key and --key-id do not go together: --generate-key only prints a new key.");
            return 1;
        }

        await output.WriteLineAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(PayloadEncryption.KeySize)));
        return 0;
    }

    private static async Task<int> EncryptAsync(string? keyId, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var encryption = await CreateEncryptionAsync(error);
        if (encryption is null)
        {
            return 1;
        }

        if (keyId is not null && !encryption.KeyIds.Contains(keyId, StringComparer.Ordinal))
        {
            await error.WriteLineAsync($"No key '{keyId}' in Gateway:Encryption:Keys; the configured ids are {string.Join(", ", encryption.KeyIds)}.");
            return 1;
        }

        var body = await input.ReadToEndAsync(cancellationToken);
        if (body.Length == 0)
        {
            await error.WriteLineAsync("Nothing to encrypt: pipe the JSON body on standard input.");
            return 1;
        }

        var plaintext = Encoding.UTF8.GetBytes(body);
        var envelope = keyId is null ? encryption.Encrypt(plaintext) : encryption.Encrypt(plaintext, keyId);
        await output.WriteLineAsync(Encoding.UTF8.GetString(envelope));
        return 0;
    }

    private static async Task<int> DecryptAsync(TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var encryption = await CreateEncryptionAsync(error);
        if (encryption is null)
        {
            return 1;
        }

        var envelope = Encoding.UTF8.GetBytes(await input.ReadToEndAsync(cancellationToken));
        if (!encryption.TryDecrypt(envelope, out var plaintext, out var failure))
        {
            await error.WriteLineAsync($"Cannot decrypt: {failure.GetMessage()}");
            return 1;
        }

        if (!Utf8.IsValid(plaintext))
        {
            await error.WriteLineAsync("The envelope is authentic, but its plaintext is not UTF-8 text, so not a JSON body; nothing written.");
            return 1;
        }

        await output.WriteAsync(Encoding.UTF8.GetString(plaintext));
        return 0;
    }

    /// <summary>The key ring of the server's configuration, or null after saying on <paramref name="error"/> why there is none.</summary>
    private static async Task<PayloadEncryption?> CreateEncryptionAsync(TextWriter error)
    {
        // The web builder, not started: the same configuration sources (ASPNETCORE_ environment included) as the server.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddTollgatePayloadEncryption(builder.Configuration);
        await using var app = builder.Build();
        PayloadEncryption encryption;
        try
        {
            encryption = app.Services.GetRequiredService<PayloadEncryption>();
        }
        catch (OptionsValidationException exception)
        {
            foreach (var failure in exception.Failures)
            {
                await error.WriteLineAsync(failure);
            }

            return null;
        }

        if (encryption.KeyIds.Count == 0)
        {
            await error.WriteLineAsync(NoKeys);
            return null;
        }

        return encryption;
    }
}
