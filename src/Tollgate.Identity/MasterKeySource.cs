using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Identity.Secrets;
using Tollgate.Identity.Tokens;

namespace Tollgate.Identity;

/// <summary>
/// Loads the master key once: from <see cref="IdentityOptions.MasterKey"/>, else from (or newly into)
/// <see cref="IdentityOptions.MasterKeyFile"/>. Logs where it came from, never the key.
/// </summary>
internal sealed partial class MasterKeySource(IOptions<IdentityOptions> options, ILogger<MasterKeySource> logger) : IMasterKeySource
{
    private readonly Lazy<byte[]> key = new(() => Load(options.Value, logger));

    public byte[] GetMasterKey() => key.Value;

    private static byte[] Load(IdentityOptions options, ILogger logger)
    {
        var file = options.MasterKeyFile ?? Path.Combine("data", "master.key");
        var master = MasterKey.LoadOrCreate(options.MasterKey, file, out var created);
        if (created)
        {
            LogCreated(logger, Path.GetFullPath(file));
        }

        return master;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated a new master key in {Path} (readable by this user only). Back it up with the database: without it, signing secrets cannot be decrypted. Set Identity:MasterKey to manage it yourself.")]
    private static partial void LogCreated(ILogger logger, string path);
}
