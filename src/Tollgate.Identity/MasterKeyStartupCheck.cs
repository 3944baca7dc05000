using Microsoft.Extensions.Hosting;
using Tollgate.Identity.Tokens;

namespace Tollgate.Identity;

/// <summary>
/// Loads (or creates) the master key while the host starts, so a malformed <c>Identity:MasterKey</c> or key file stops
/// the start with its message instead of failing requests later.
/// </summary>
internal sealed class MasterKeyStartupCheck(IMasterKeySource masterKey) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        masterKey.GetMasterKey();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
