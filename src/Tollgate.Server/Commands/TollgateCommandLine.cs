using System.CommandLine;
using System.Text;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Identity.Users;

namespace Tollgate.Server.Commands;

/// <summary>
/// The server's commands (<c>Tollgate.Server admin create …</c>, <c>Tollgate.Server analytics rebuild …</c>,
/// <c>Tollgate.Server encrypt</c>, <c>Tollgate.Server decrypt</c>, or <c>dotnet run --project src/Tollgate.Server -- admin create …</c>).
/// They run against the same configuration as the server (and <c>admin</c> and <c>analytics</c> against its store), without
/// starting it.
/// </summary>
internal static class TollgateCommandLine
{
    /// <summary>True when <paramref name="args"/> ask for a command rather than for the server.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "admin" or "analytics" or "encrypt" or "decrypt";

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var email = new Option<string>("--email") { Description = "The admin's email (the login name).", Required = true };
        var tenant = new Option<string>("--tenant") { Description = "The tenant the admin belongs to.", DefaultValueFactory = _ => Tenants.Default };
        var create = new Command("create", "Creates a platform admin. The password is read from standard input (asked twice, hidden, on a terminal).")
        {
            email,
            tenant,
        };
        create.SetAction((parse, cancellationToken) =>
            CreateAdminAsync(parse.GetValue(email)!, parse.GetValue(tenant)!, input, output, error, cancellationToken));
        var admin = new Command("admin", "Manages administrators.") { create };
        var root = new RootCommand("Tollgate: API gateway and API observability. Run without arguments to start the server.")
        {
            admin,
            AnalyticsCommands.Create(output, error),
            PayloadCommands.CreateEncrypt(input, output, error),
            PayloadCommands.CreateDecrypt(input, output, error),
        };
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await root.Parse(args).InvokeAsync(configuration);
    }

    private static async Task<int> CreateAdminAsync(string email, string tenant, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var password = ReadPassword(input, output);
        if (password is null)
        {
            await error.WriteLineAsync("No password given: pipe it on standard input, e.g. `dotnet run --project src/Tollgate.Server -- admin create --email you@example.com < password.txt`.");
            return 2;
        }

        // The server's store and identity, whichever Storage:Provider is configured.
        var builder = CommandHost.CreateBuilder();
        builder.Services
            .AddTollgateStorage(builder.Configuration)
            .AddTollgateServerIdentity(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var accounts = host.Services.GetRequiredService<UserAccounts>();
            var result = await accounts.CreateAsync(tenant, email, password, Role.PlatformAdmin, cancellationToken);
            if (result.Outcome != UserCreation.Created)
            {
                await error.WriteLineAsync(result.Message);
                return 1;
            }

            await output.WriteLineAsync($"Created platform admin {result.User!.Email} (id {result.User.Id}) in tenant {tenant}.");
            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Reads the password: one line from redirected input, or typed twice without echo on a terminal.</summary>
    private static string? ReadPassword(TextReader input, TextWriter output)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
        {
            var line = input.ReadLine();
            return string.IsNullOrEmpty(line) ? null : line;
        }

        var first = ReadHidden(output, "Password: ");
        var second = ReadHidden(output, "Repeat password: ");
        if (first != second)
        {
            output.WriteLine("The two passwords differ.");
            return null;
        }

        return first.Length == 0 ? null : first;
    }

    private static string ReadHidden(TextWriter output, string prompt)
    {
        output.Write(prompt);
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                output.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
