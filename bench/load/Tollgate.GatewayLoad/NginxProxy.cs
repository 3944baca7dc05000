using System.Globalization;

namespace Tollgate.GatewayLoad;

/// <summary>
/// nginx as a plain reverse proxy: its own config, pid and logs in a temp directory, not a daemon, a child of the
/// harness. /svc/... is forwarded to the upstream as /..., over kept-alive HTTP/1.1 connections, with no access log.
/// </summary>
internal static class NginxProxy
{
    /// <summary>Writes the configuration under <paramref name="directory"/> and starts nginx on <paramref name="port"/>.</summary>
    public static async Task<ChildProcess> StartAsync(string nginx, string directory, int port, int upstreamPort, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, Render(directory, port, upstreamPort), cancellationToken);
        var errorLog = Path.Combine(directory, "error.log");
        // -e: the error log before the config is read, so nothing is written under /var/log even as root.
        return await ChildProcess.StartAsync(
            "nginx",
            nginx,
            ["-p", directory, "-c", config, "-e", errorLog],
            port,
            directory,
            new Dictionary<string, string>(),
            cancellationToken);
    }

    /// <summary>
    /// The configuration. keepalive_requests is raised on both sides so that neither wrk's connections nor the
    /// upstream ones are closed every 1,000 requests (nginx's default; Kestrel and YARP have no such limit), which
    /// would measure reconnects rather than proxying.
    /// </summary>
    public static string Render(string directory, int port, int upstreamPort) => string.Create(CultureInfo.InvariantCulture, $$"""
        worker_processes auto;
        daemon off;
        pid {{directory}}/nginx.pid;
        error_log {{directory}}/error.log warn;

        events {
            worker_connections 4096;
        }

        http {
            access_log off;
            keepalive_requests 1000000;
            client_body_temp_path {{directory}}/client_body;
            proxy_temp_path {{directory}}/proxy;
            fastcgi_temp_path {{directory}}/fastcgi;
            uwsgi_temp_path {{directory}}/uwsgi;
            scgi_temp_path {{directory}}/scgi;

            upstream upstream {
                server 127.0.0.1:{{upstreamPort}};
                keepalive 64;
                keepalive_requests 1000000;
            }

            server {
                listen 127.0.0.1:{{port}};

                location /svc/ {
                    proxy_pass http://upstream/;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                }
            }
        }
        """);
}
