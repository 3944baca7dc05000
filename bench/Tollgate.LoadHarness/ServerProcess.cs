using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Tollgate.LoadHarness;

/// <summary>
/// The real server, started as its own process on a free loopback port with its database in a directory of ours,
/// and killed (with any children) on dispose. Its output is drained so it never blocks on a full pipe; the last
/// lines are kept to explain a failed start.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private const int OutputLinesKept = 40;
    private const string AdminEmail = "harness@tollgate.test";
    private const string AdminPassword = "load-harness-admin-passphrase";
    private static readonly string[] IngestScope = ["ingest"];
    private static readonly string[] RateLimitPolicies = ["ingest", "query", "admin", "auth"];

    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>An ingest API key the load clients send, as production clients do.</summary>
    public string ApiKey { get; private set; } = string.Empty;

    /// <summary>Starts the server and returns once <c>GET /health/ready</c> answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(string serverDll, string dataDirectory, CancellationToken cancellationToken)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add(serverDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        start.Environment["Storage__Sqlite__Path"] = Path.Combine(dataDirectory, "tollgate.db");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        // Limits stay on, so their cost is measured, with quotas no load here reaches.
        foreach (var policy in RateLimitPolicies)
        {
            start.Environment[$"RateLimiting__Policies__{policy}__PermitsPerSecond"] = "1000000";
            start.Environment[$"RateLimiting__Policies__{policy}__Burst"] = "1000000";
        }

        var passwordFile = Path.Combine(dataDirectory, "admin-password.txt");
        await File.WriteAllTextAsync(passwordFile, AdminPassword, cancellationToken);
        start.Environment["TOLLGATE_BOOTSTRAP_ADMIN_EMAIL"] = AdminEmail;
        start.Environment["TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD_FILE"] = passwordFile;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start `dotnet` for the server.");
        }

        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await server.WaitUntilReadyAsync(cancellationToken);
            server.ApiKey = await server.CreateIngestKeyAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>CPU time the server process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The last lines the server wrote.</summary>
    public string OutputTail()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
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
            // It never started or has already gone.
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

    /// <summary>Logs in as the bootstrap admin and creates the ingest key the load uses.</summary>
    private async Task<string> CreateIngestKeyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = AdminEmail, password = AdminPassword }, cancellationToken);
        login.EnsureSuccessStatusCode();
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        using var created = await client.PostAsJsonAsync("/api/v1/keys", new { name = "load harness", scopes = IngestScope }, cancellationToken);
        created.EnsureSuccessStatusCode();
        var key = await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return key.GetProperty("key").GetString()!;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (long)(StartLimit.TotalSeconds * Stopwatch.Frequency);
        string last = "no answer yet";
        while (Stopwatch.GetTimestamp() < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before it was ready:{Environment.NewLine}{OutputTail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {response.StatusCode}";
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

        throw new TimeoutException($"GET /health/ready did not answer 200 within {StartLimit.TotalSeconds:N0} s (last: {last}).{Environment.NewLine}{OutputTail()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLinesKept)
            {
                _output.Dequeue();
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
