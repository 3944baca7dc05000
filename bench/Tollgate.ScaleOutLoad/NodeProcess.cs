using System.Diagnostics;
using System.Net;

namespace Tollgate.ScaleOutLoad;

/// <summary>
/// One Tollgate node as its own process (<c>dotnet Tollgate.Server.dll</c>) on a free loopback port, with the roles
/// and settings of a scaled-out deployment, killed (with any children) on dispose. Its output is drained so it never
/// blocks on a full pipe; the last lines are kept to explain a failure.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);
    private const int OutputLinesKept = 60;

    private readonly Process process;
    private readonly Queue<string> output = new();

    private NodeProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        this.process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>What the benchmark calls the node, for messages.</summary>
    public string Name { get; }

    public Uri BaseAddress { get; }

    /// <summary>
    /// Starts the node with <paramref name="settings"/> (configuration keys, <c>:</c>-separated) in
    /// <paramref name="workingDirectory"/> and returns once <c>GET /health/ready</c> answers 200.
    /// </summary>
    public static async Task<NodeProcess> StartAsync(
        string name, string serverDll, string workingDirectory, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{ExternalProgram.FreeLoopbackPort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(serverDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("PORT");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var node = new NodeProcess(name, process, baseAddress);
        process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start `dotnet` for node {name}.");
        }

        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await node.WaitUntilReadyAsync(cancellationToken);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>CPU time the node has used so far.</summary>
    public TimeSpan CpuTime()
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>The last lines the node wrote, headed by its name.</summary>
    public string OutputTail()
    {
        lock (output)
        {
            return $"--- {Name}{Environment.NewLine}{string.Join(Environment.NewLine, output)}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (InvalidOperationException)
        {
            // It never started or has already gone.
        }
        catch (TimeoutException)
        {
            // Killed but not yet reaped; nothing more to do from here.
        }
        finally
        {
            process.Dispose();
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (long)(StartLimit.TotalSeconds * Stopwatch.Frequency);
        var last = "no answer yet";
        while (Stopwatch.GetTimestamp() < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Node {Name} exited with code {process.ExitCode} before it was ready:{Environment.NewLine}{OutputTail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "timed out";
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"Node {Name}: GET /health/ready did not answer 200 within {StartLimit.TotalSeconds:N0} s (last: {last}).{Environment.NewLine}{OutputTail()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Enqueue(line);
            while (output.Count > OutputLinesKept)
            {
                output.Dequeue();
            }
        }
    }
}
