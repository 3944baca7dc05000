using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>
/// The real server as a separate process (<c>dotnet Tollgate.Server.dll --urls http://127.0.0.1:port</c>) on a
/// given database, so a test can kill it like a power cut would.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;

    private ServerProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>
    /// Starts the server with extra command-line settings and waits for it to exit on its own, as it must when the
    /// configuration is invalid. Returns its exit code and everything it wrote; kills it if it is still running
    /// after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(int? ExitCode, string Output)> RunUntilExitAsync(string databasePath, IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerCommand.AssemblyPath);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{FreePort()}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["Storage__Sqlite__Path"] = databasePath;
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("PORT");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return (null, await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Starts the server on a free loopback port and waits until it is ready.</summary>
    public static async Task<ServerProcess> StartAsync(string databasePath, string workingDirectory, CancellationToken cancellationToken)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerCommand.AssemblyPath);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        start.Environment["Storage__Sqlite__Path"] = databasePath;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["RateLimiting__Enabled"] = "false";
        var passwordFile = Path.Combine(workingDirectory, "admin-password.txt");
        await File.WriteAllTextAsync(passwordFile, AdminPassword + "\n", cancellationToken);
        start.Environment["TOLLGATE_BOOTSTRAP_ADMIN_EMAIL"] = AdminEmail;
        start.Environment["TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD_FILE"] = passwordFile;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("PORT");

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, address);
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
            await server.LogInAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The platform admin the first start creates through the bootstrap environment variables.</summary>
    public const string AdminEmail = "admin@tollgate.test";

    /// <summary>The bootstrap admin's password.</summary>
    public const string AdminPassword = "crash-test-admin-passphrase";

    private string? accessToken;

    /// <summary>A client that sends the bootstrap admin's session token.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>Ends the process at once with SIGKILL: no shutdown hooks, no draining.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task LogInAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = AdminEmail, password = AdminPassword }, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        accessToken = tokens.GetProperty("access_token").GetString();
    }

    private Task WaitUntilReadyAsync(CancellationToken cancellationToken) =>
        WaitForOkAsync(Address, "/health/ready", process, StartTimeout, () => string.Empty, cancellationToken);

    /// <summary>
    /// Polls <paramref name="path"/> until it answers 200; fails the test when <paramref name="process"/> exits first or
    /// <paramref name="timeout"/> passes, showing <paramref name="output"/>.
    /// </summary>
    internal static async Task WaitForOkAsync(Uri address, string path, Process process, TimeSpan timeout, Func<string> output, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            Assert.False(process.HasExited, $"The server at {address} exited with code {(process.HasExited ? process.ExitCode : 0)} before {path} answered.\n{output()}");
            try
            {
                using var response = await client.GetAsync(path, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        Assert.Fail($"{path} at {address} did not answer 200 within {timeout}.\n{output()}");
    }
}
