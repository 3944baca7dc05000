using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tollgate.GatewayLoad;

/// <summary>
/// A process the harness started (an upstream, a proxy), killed with its children on dispose. Its output is drained so
/// it never blocks on a full pipe; lines are counted (a proxy that logs per request shows here) and the last ones kept
/// to explain a failed start.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 40;

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private long _outputLines;

    private ChildProcess(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        Port = port;
    }

    /// <summary>What the report calls it.</summary>
    public string Name { get; }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>Lines written to stdout and stderr so far.</summary>
    public long OutputLines => Interlocked.Read(ref _outputLines);

    /// <summary>Starts <paramref name="fileName"/> and returns once <paramref name="port"/> on 127.0.0.1 accepts connections.</summary>
    public static async Task<ChildProcess> StartAsync(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        int port,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(name, process, port);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {fileName} for {name}.");
        }

        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await child.WaitForPortAsync(TimeSpan.FromSeconds(60), cancellationToken);
            return child;
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    /// <summary>CPU time used so far by the process and every process below it (nginx's workers).</summary>
    public TimeSpan CpuTime() => ProcessCpu.OfTree(_process.Id);

    /// <summary>The last lines the process wrote.</summary>
    public string OutputTail()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    /// <summary>Throws, with its last output, if the process has exited.</summary>
    public void EnsureRunning()
    {
        if (_process.HasExited)
        {
            // .NET reports a process ended by a signal as 128 + the signal's number (137: SIGKILL, 143: SIGTERM).
            throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}{(_process.ExitCode > 128 ? $" (signal {_process.ExitCode - 128}?)" : "")} at {_process.ExitTime.ToUniversalTime():HH:mm:ss} UTC:{Environment.NewLine}{OutputTail()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
        catch (TimeoutException)
        {
            // Killed but not yet reaped; nothing more to do from here.
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>A port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitForPortAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            EnsureRunning();
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        throw new TimeoutException($"{Name} did not listen on 127.0.0.1:{Port} within {limit.TotalSeconds:N0} s:{Environment.NewLine}{OutputTail()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        Interlocked.Increment(ref _outputLines);
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLinesKept)
            {
                _output.Dequeue();
            }
        }
    }
}
