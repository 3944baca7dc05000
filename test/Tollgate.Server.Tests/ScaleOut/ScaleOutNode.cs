using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.ScaleOut;

/// <summary>
/// One Tollgate node as its own process (<c>dotnet Tollgate.Server.dll</c>) with the roles and settings of a
/// scaled-out deployment, so a test can kill it with SIGKILL as a crash would.
/// </summary>
public sealed class ScaleOutNode : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private const int KeptOutputLines = 400;

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private ScaleOutNode(string name, Process process, Uri address, string accessToken)
    {
        Name = name;
        this.process = process;
        Address = address;
        AccessToken = accessToken;
    }

    /// <summary>What the test calls the node, for messages.</summary>
    public string Name { get; }

    /// <summary>Where the node listens.</summary>
    public Uri Address { get; }

    /// <summary>A platform admin's token for the default tenant, valid on every node of the cluster.</summary>
    public string AccessToken { get; }

    /// <summary>The last lines the node wrote, for failure messages.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>Starts a node with <paramref name="settings"/> (configuration keys, <c>:</c>-separated) and waits until it answers.</summary>
    public static async Task<ScaleOutNode> StartAsync(string name, IReadOnlyDictionary<string, string> settings, string accessToken, CancellationToken cancellationToken)
    {
        var address = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerCommand.AssemblyPath);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("PORT");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var node = new ScaleOutNode(name, process, address, accessToken);
        process.OutputDataReceived += (_, line) => node.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => node.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await node.WaitUntilLiveAsync(cancellationToken);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    /// <summary>A client that sends the cluster's access token.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        return client;
    }

    /// <summary>Ends the process at once with SIGKILL: no shutdown hooks, no draining, no acknowledgements.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > KeptOutputLines && output.TryDequeue(out _))
        {
        }
    }

    private Task WaitUntilLiveAsync(CancellationToken cancellationToken) =>
        ServerProcess.WaitForOkAsync(Address, "/health", process, StartTimeout, () => Output, cancellationToken);
}
