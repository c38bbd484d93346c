using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Infra.EndToEnd.Tests.Support;

namespace Infra.EndToEnd.Tests;

/// <summary>Scenario 2, the edge: Caddy with internal TLS in front of the internal services, basic auth on n8n.</summary>
[Collection(E2eCollection.Name)]
public sealed class CaddyEdgeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Edge_reaches_internal_services_and_asks_for_credentials_on_n8n()
    {
        await using var stack = TestStack.Create(new StackOptions { Caddy = true }, output);
        var password = $"e2e-{Guid.NewGuid():N}";
        await stack.InfraExpectAsync(0, "config", "set", "--secret", "--path", "selfhosted:caddy.users.admin", password);
        Assert.DoesNotContain(password, await File.ReadAllTextAsync(stack.StackFile));
        Assert.Contains("secure: v1:", await File.ReadAllTextAsync(stack.StackFile));

        var up = await stack.UpAsync();
        Assert.DoesNotContain(password, up.Output);
        await stack.VerifyAsync();

        var https = stack.Port("caddy-https");
        using var http = EdgeClient(https);
        string Url(string site, string path) => $"https://{site}.{TestStack.PublicDomain}:{https}{path}";

        // Caddy makes its internal certificates after it starts: give it a little time.
        await Asserts.EventuallyAsync(TimeSpan.FromSeconds(60), async () =>
        {
            using var health = await http.SendAsync(WithBasicAuth(Url("grafana", "/api/health"), "admin", password));
            var body = await health.Content.ReadAsStringAsync();
            return health.StatusCode == HttpStatusCode.OK && body.Contains("\"database\"") ? null : $"{(int)health.StatusCode} {body}";
        });

        using (var anonymous = await http.GetAsync(Url("n8n", "/")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString());
        }
        using (var wrong = await http.SendAsync(WithBasicAuth(Url("n8n", "/"), "admin", password + "x")))
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using (var authorised = await http.SendAsync(WithBasicAuth(Url("n8n", "/"), "admin", password)))
            Assert.Equal(HttpStatusCode.OK, authorised.StatusCode);
        using (var readiness = await http.SendAsync(WithBasicAuth(Url("n8n", "/healthz/readiness"), "admin", password)))
            Assert.Equal(HttpStatusCode.OK, readiness.StatusCode);
        // Every route asks for basic auth, Grafana's too; n8n's webhook and form paths are n8n's to authenticate.
        using (var grafana = await http.GetAsync(Url("grafana", "/api/health")))
            Assert.Equal(HttpStatusCode.Unauthorized, grafana.StatusCode);
        foreach (var open in new[] { "/webhook/e2e", "/webhook-test/e2e", "/webhook-waiting/e2e", "/form/e2e" })
        {
            // n8n's own answer (no such webhook, or no such waiting execution): the edge let it through without
            // asking for credentials, and n8n answered (not Caddy's 502).
            using var webhook = await http.GetAsync(Url("n8n", open));
            Assert.True(webhook.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.BadGateway) && webhook.Headers.WwwAuthenticate.Count == 0,
                $"{open}: {(int)webhook.StatusCode} {await webhook.Content.ReadAsStringAsync()}");
        }

        // The generated Caddyfile holds a bcrypt hash, never the password.
        var caddyfile = await DockerCli.OkAsync("exec", stack.Container("caddy"), "cat", "/etc/caddy/Caddyfile");
        Assert.DoesNotContain(password, caddyfile);
        Assert.Contains("basicauth", caddyfile);
    }

    private static HttpRequestMessage WithBasicAuth(string url, string user, string password) => new(HttpMethod.Get, url)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))) },
    };

    /// <summary>Connects every request to 127.0.0.1:<paramref name="port"/>; SNI and Host stay the site's name; trusts Caddy's internal CA.</summary>
    private static HttpClient EdgeClient(int port)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = { RemoteCertificateValidationCallback = delegate { return true; } },
            PooledConnectionLifetime = TimeSpan.FromSeconds(5),
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
    }
}
