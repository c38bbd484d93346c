using System.Text.Json.Nodes;
using Infra.Engine.Properties;
using Infra.Engine.Planning;
using Infra.Stacks.Tests.Fixtures;

namespace Infra.Stacks.Tests;

/// <summary>The optional Caddy edge: networks, Caddyfile, bcrypt basic auth in front of every route but n8n's webhooks (issue 10).</summary>
public sealed class CaddyEdgeTests
{
    private const string CaddyfilePath = "/etc/caddy/Caddyfile";

    /// <summary>A site block: its guarded upstream (behind basicauth), the paths left open and where they go.</summary>
    private sealed record Site(string Address, string? Upstream, IReadOnlyList<string> BasicAuth, bool InternalTls,
        IReadOnlyList<string> OpenPaths, string? OpenUpstream);

    /// <summary>The top-level blocks of a Caddyfile: the global options (address "") and each site.</summary>
    private static IReadOnlyList<Site> Sites(string caddyfile)
    {
        var sites = new List<Site>();
        string? address = null, upstream = null, openUpstream = null;
        List<string> users = [], open = [];
        bool inAuth = false, inOpen = false, tlsInternal = false;
        var depth = 0;
        foreach (var raw in caddyfile.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.EndsWith('{'))
            {
                if (depth == 0) { address = line[..^1].Trim(); upstream = openUpstream = null; users = []; open = []; tlsInternal = false; }
                else if (line.StartsWith("basicauth", StringComparison.Ordinal)) inAuth = true;
                else if (line == "handle @open {") inOpen = true;
                depth++;
                continue;
            }
            if (line == "}")
            {
                depth--;
                if (depth == 0) sites.Add(new Site(address!, upstream, users, tlsInternal, open, openUpstream));
                else if (inAuth) inAuth = false;
                else inOpen = false;
                continue;
            }
            if (inAuth) users.Add(line);
            else if (line.StartsWith("reverse_proxy ", StringComparison.Ordinal))
            {
                if (inOpen) openUpstream = line["reverse_proxy ".Length..];
                else upstream = line["reverse_proxy ".Length..];
            }
            else if (line.StartsWith("@open path ", StringComparison.Ordinal)) open.AddRange(line["@open path ".Length..].Split(' '));
            else if (line == "tls internal") tlsInternal = true;
        }
        Assert.Equal(0, depth);
        return sites;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), bool> Verified = new();

    /// <summary>bcrypt verification (cost 12, slow), remembered: every tenant's site carries the same line.</summary>
    private static bool Verify(string password, string hash) =>
        Verified.GetOrAdd((password, hash), k => BCrypt.Net.BCrypt.Verify(k.Item1, k.Item2));

    /// <summary>The Caddyfile's text, out of the secret wrapper it must travel in.</summary>
    private static string Caddyfile(StackBuild build)
    {
        var content = build.File("caddy", CaddyfilePath).Content;
        Assert.True(Secret.IsSecret(content), $"the Caddyfile is not a secret: {content?.ToJsonString()[..Math.Min(80, content.ToJsonString().Length)]}");
        return Secret.Reveal(content)!.GetValue<string>();
    }

    private static JsonObject CaddyWith(string key, JsonNode? value)
    {
        var caddy = StackBuild.CaddyConfig();
        caddy[key] = value;
        return caddy;
    }

    [Fact]
    public void By_default_the_edge_routes_n8n_and_grafana_only_both_behind_basicauth()
    {
        var sites = Sites(Caddyfile(StackBuild.Of("standard+caddy")));

        Assert.Equal("", sites[0].Address); // the global options block comes first
        Assert.Contains(sites, s => s.Address == ":8081" && s.Upstream is null); // the container's own health site
        var routed = sites.Where(s => s.Upstream is not null).ToDictionary(s => s.Address);
        Assert.Equal(new[] { "grafana.example.org", "n8n.example.org" }, routed.Keys.Order());
        Assert.Equal("n8n:5678", routed["n8n.example.org"].Upstream);
        Assert.Equal("grafana:3000", routed["grafana.example.org"].Upstream);
        Assert.All(routed.Values, s => Assert.Single(s.BasicAuth));
    }

    [Fact]
    public void Routed_services_are_config_and_every_route_asks_for_basicauth()
    {
        var build = StackBuild.Build(StackBuild.Config(("infra:caddy", CaddyWith("routes", new JsonArray("n8n", "ai-proxy", "jeux-text", "strudel", "grafana")))));
        var routed = Sites(Caddyfile(build)).Where(s => s.Upstream is not null).ToDictionary(s => s.Address);

        Assert.Equal(
            new[] { "n8n.example.org", "ai.example.org", "jeux.example.org", "strudel.example.org", "grafana.example.org" }.Order(),
            routed.Keys.Order());
        Assert.Equal("ai-proxy:8080", routed["ai.example.org"].Upstream);
        Assert.Equal("jeux-text:3001", routed["jeux.example.org"].Upstream);
        Assert.Equal("strudel:4321", routed["strudel.example.org"].Upstream);
        foreach (var site in routed.Values)
        {
            var auth = Assert.Single(site.BasicAuth);
            Assert.True(Verify(StackBuild.CaddyPassword, auth.Split(' ')[1]), site.Address);
        }
        Assert.All(routed.Values.Where(s => s.Address != "n8n.example.org"), s => Assert.Empty(s.OpenPaths));
    }

    [Theory]
    [InlineData("standard+caddy", "n8n.example.org", "n8n:5678")]
    [InlineData("multi-tenant+caddy", "koff.n8n.example.org", "koff-n8n:5678")]
    public void Only_n8ns_webhook_and_form_paths_are_open_and_they_go_to_the_same_n8n(string variant, string site, string upstream)
    {
        var n8n = Sites(Caddyfile(StackBuild.Of(variant))).Single(s => s.Address == site);

        Assert.Equal(["/webhook/*", "/webhook-test/*", "/webhook-waiting/*", "/form/*"], n8n.OpenPaths);
        Assert.Equal(upstream, n8n.OpenUpstream);
        Assert.Equal(upstream, n8n.Upstream);
    }

    [Fact]
    public void Global_options_set_the_acme_email_and_turn_the_admin_api_off()
    {
        var text = Caddyfile(StackBuild.Of("standard+caddy"));
        var global = text[..text.IndexOf('}')];
        Assert.Contains("email a@example.org", global);
        Assert.Contains("admin off", global);
        Assert.DoesNotContain("tls internal", text);
        // The admin port is never published.
        Assert.DoesNotContain(StackBuild.Of("standard+caddy").Container("caddy").Inputs["ports"]!.AsArray(), p => p!["internal"]!.GetValue<int>() == 2019);
    }

    [Theory]
    [InlineData("standard+caddy", "n8n.example.org")]
    [InlineData("multi-tenant+caddy", "azoth.n8n.example.org")]
    [InlineData("multi-tenant+caddy", "maximus.n8n.example.org")]
    [InlineData("multi-tenant+caddy", "koff.n8n.example.org")]
    public void N8n_is_behind_bcrypt_basicauth_that_verifies_the_configured_password(string variant, string site)
    {
        var text = Caddyfile(StackBuild.Of(variant));
        var auth = Assert.Single(Sites(text).Single(s => s.Address == site).BasicAuth);
        var parts = auth.Split(' ');

        Assert.Equal("admin", parts[0]);
        Assert.StartsWith("$2a$", parts[1]);
        Assert.True(Verify(StackBuild.CaddyPassword, parts[1]));
        Assert.False(Verify(StackBuild.CaddyPassword + "x", parts[1]));
        Assert.DoesNotContain(StackBuild.CaddyPassword, text);
    }

    [Fact]
    public void Multi_tenant_sites_route_each_tenant_to_its_own_n8n()
    {
        var routed = Sites(Caddyfile(StackBuild.Of("multi-tenant+caddy"))).Where(s => s.Upstream is not null).ToDictionary(s => s.Address, s => s.Upstream);
        foreach (var t in StackBuild.Tenants)
            Assert.Equal($"{t}-n8n:5678", routed[$"{t}.n8n.example.org"]);
        Assert.Equal(StackBuild.Tenants.Length + 1, routed.Count); // and Grafana
    }

    [Theory]
    [InlineData("standard+caddy")]
    [InlineData("multi-tenant+caddy")]
    public void Edge_joins_ingress_net_and_a_network_of_each_routed_service_and_nothing_else(string variant)
    {
        var build = StackBuild.Of(variant);
        var caddy = build.NetworksOf("caddy");
        var upstreams = Sites(Caddyfile(build)).Where(s => s.Upstream is not null).Select(s => s.Upstream!.Split(':')[0]).ToList();

        Assert.Contains("ingress_net", caddy);
        foreach (var host in upstreams)
            Assert.True(caddy.Overlaps(build.NetworksOf(host)), $"caddy cannot reach {host}");
        var needed = upstreams.SelectMany(build.NetworksOf).Append("ingress_net").ToHashSet();
        Assert.Subset(needed, caddy.ToHashSet());
        // Never the data or monitoring networks.
        Assert.DoesNotContain("backbone_net", caddy);
        Assert.DoesNotContain("monitoring_net", caddy);
    }

    [Theory]
    [InlineData("standard", "n8n", "https://n8n.example.org/")]
    [InlineData("multi-tenant", "maximus-n8n", "https://maximus.n8n.example.org/")]
    public void N8n_behind_the_edge_knows_its_public_url(string variant, string n8n, string url)
    {
        var env = StackBuild.Env(StackBuild.Of(variant + "+caddy").Container(n8n));
        Assert.Equal(url, env["WEBHOOK_URL"]!.GetValue<string>());
        Assert.Equal("1", env["N8N_PROXY_HOPS"]!.GetValue<string>());
        Assert.False(env.ContainsKey("N8N_SECURE_COOKIE"));

        var direct = StackBuild.Env(StackBuild.Of(variant).Container(n8n));
        Assert.False(direct.ContainsKey("WEBHOOK_URL"));
        Assert.Equal("false", direct["N8N_SECURE_COOKIE"]!.GetValue<string>()); // plain HTTP on 127.0.0.1
    }

    [Fact]
    public void Hash_and_container_inputs_are_stable_across_builds()
    {
        var config = StackBuild.Config(("infra:caddy", StackBuild.CaddyConfig()));
        var first = StackBuild.Build(config);
        var second = StackBuild.Build(config);

        Assert.Equal(Caddyfile(first), Caddyfile(second));
        Assert.True(PropertyDiff.DeepEquals(first.Container("caddy").Inputs, second.Container("caddy").Inputs));
        Assert.Equal(Caddyfile(first), Caddyfile(StackBuild.Of("standard+caddy")));
    }

    [Fact]
    public async Task A_second_plan_leaves_the_edge_unchanged()
    {
        var config = StackBuild.Config(("infra:caddy", StackBuild.CaddyConfig()));
        var plan = await MockProviders.PlanAsync(StackBuild.Build(config).Desired);
        var again = await MockProviders.PlanAsync(StackBuild.Build(config).Desired, MockProviders.StateAfter(plan));

        Assert.All(again.Steps, s => Assert.Equal(StepOp.Same, s.Op));
    }

    [Fact]
    public void A_new_password_changes_the_hash()
    {
        var caddy = StackBuild.CaddyConfig();
        caddy["users"] = new JsonObject { ["admin"] = Secret.Wrap(JsonValue.Create("another-Password-42")) };
        var changed = StackBuild.Build(StackBuild.Config(("infra:caddy", caddy)));
        var hash = Sites(Caddyfile(changed)).Single(s => s.Address == "n8n.example.org").BasicAuth.Single().Split(' ')[1];

        Assert.True(Verify("another-Password-42", hash));
        Assert.NotEqual(Caddyfile(StackBuild.Of("standard+caddy")), Caddyfile(changed));
    }

    [Fact]
    public void Internal_tls_and_a_loopback_bind_address_for_private_hosts()
    {
        var caddy = StackBuild.CaddyConfig();
        caddy["tls"] = "internal";
        caddy["bindAddress"] = "127.0.0.1";
        caddy["httpPort"] = 8088L;
        caddy["httpsPort"] = 8443L;
        var build = StackBuild.Build(StackBuild.Config(("infra:caddy", caddy)));

        Assert.All(Sites(Caddyfile(build)).Where(s => s.Upstream is not null), s => Assert.True(s.InternalTls, s.Address));
        var ports = build.Container("caddy").Inputs["ports"]!.AsArray()
            .Select(p => $"{p!["hostIp"]}:{p["external"]}->{p["internal"]}").ToHashSet();
        Assert.Equal(new HashSet<string> { "127.0.0.1:8088->80", "127.0.0.1:8443->443" }, ports);
        Assert.Empty(build.Program.CheckPolicies(build.Desired));
    }
}
