using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Infra.Cli.Tests.Support;

namespace Infra.Cli.Tests;

/// <summary>
/// The corpus of bad input (issue 14, item 7), against a small real deployment (<see cref="CorpusStack"/>): each case
/// exits with Pulumi's code (2 bad flags, config or passphrase; 6 unknown stack; 1 failure at run time), prints one
/// error line naming the file, key or host, no stack trace, and changes nothing: the state folder byte for byte and the
/// <c>docker inspect</c> of every container, network and volume with the stack's prefix.
///
/// | class                         | cases |
/// |-------------------------------|-------|
/// | config value refused early    | port-*, image-*, edge-*, health-*, workers-*, prefix-*, unknown-key, runtime-*, project-name-* |
/// | unknown type in the state     | state-type-* |
/// | secrets and passphrases       | secret-*, passphrase-*, salt-* |
/// | Docker host                   | host-* (form and certificates: 2; refused, unresolvable, dead ssh, no socket: 1, said once) |
/// | unknown stack                 | nope-* |
/// | crashes (state folder, flags) | state-dir-*, state-unwritable-*, state-not-json, parallel-* |
/// | stack import                  | import-* |
/// | YAML bounded                  | yaml-* (nested aliases, deep nesting, a huge anchor, a file too large) |
/// </summary>
public sealed class BadInputCorpusTests(CorpusStack stack) : IClassFixture<CorpusStack>
{
    private const string DemoHost = "docker:host: unix:///var/run/docker.sock";
    private const string StackFile = @"Pulumi\.crp\.yaml";

    private static CorpusCase Config(string name, string names, string[] lines, params string[] args) =>
        new(name, "config value", 2, $"{StackFile}: {names}", args.Length == 0 ? ["preview"] : args)
        {
            // GROQ: a secure value valid under the stack's key (the edge needs a user whose password is a secret).
            Break = e => e.Config(lines.Select(l => l.Replace("GROQ", e.GroqCiphertext(), StringComparison.Ordinal)).ToArray()),
        };

    /// <summary>A value of the stack file replaced: <paramref name="from"/> (a whole line's text) by <paramref name="to"/>.</summary>
    private static CorpusCase Value(string name, string names, string from, string to, params string[] args) =>
        new(name, "config value", 2, $"{StackFile}: {names}", args.Length == 0 ? ["preview"] : args)
        {
            Break = e => e.StackFile(t => t.Contains(from, StringComparison.Ordinal) ? t.Replace(from, to, StringComparison.Ordinal) : throw new InvalidOperationException($"no '{from}' in the stack file")),
        };

    private static CorpusCase Host(string name, string host, int exit, string names, params string[] args) =>
        new(name, "docker host", exit, names, args) { Break = e => e.StackFile(t => t.Replace(DemoHost, "docker:host: " + host)) };

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private static string Laughs(int levels, int width)
    {
        var lines = new List<string> { "  selfhosted:l0: &l0 [\"lol\", \"lol\"]" };
        for (var i = 1; i <= levels; i++) lines.Add($"  selfhosted:l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", width))}]");
        return string.Join('\n', lines) + '\n';
    }

    public static readonly IReadOnlyList<CorpusCase> Cases =
    [
        // Config values, refused before any provider runs (exit 2, the stack file and the key).
        Value("port-zero", @"selfhosted:ports\.n8n\b", "    n8n: off", "    n8n: 0"),
        Value("port-zero-string", @"selfhosted:ports\.grafana\b", "    grafana: off", "    grafana: \"0\""),
        Value("port-too-large", @"selfhosted:ports\.n8n\b", "    n8n: off", "    n8n: 70000"),
        Value("port-negative", @"selfhosted:ports\.qdrant\b", "    qdrant: off", "    qdrant: -1"),
        Value("port-ip-port-zero", @"selfhosted:ports\.minio\b", "    minio: off", "    minio: \"127.0.0.1:0\""),
        Value("port-bad-ip", @"selfhosted:ports\.minio\b", "    minio: off", "    minio: \"300.1.1.1:9000\""),
        Config("edge-port-zero", @"selfhosted:caddy\.httpsPort\b", ["selfhosted:caddy:", "  enabled: true", "  publicDomain: corpus.example.org", "  email: ops@example.org", "  httpsPort: 0", "  users:", "    admin:", "      secure: GROQ"], "up", "--yes"),
        Value("image-double-colon", @"selfhosted:images\.postgres\b", "postgres: infra-demo/postgres:15", "postgres: \"infra-demo/postgres::15\""),
        Value("image-uppercase", @"selfhosted:images\.redis\b", "redis: infra-demo/redis:7", "redis: Infra-Demo/Redis:7"),
        Value("image-bad-chars", @"selfhosted:images\.grafana\b", "grafana: infra-demo/grafana:standin", "grafana: \"grafana/grafana:11;rm\""),
        Value("image-bad-digest", @"selfhosted:images\.n8n\b", "n8n: infra-demo/n8n:1.94.1", "n8n: \"n8nio/n8n@sha256:123\""),
        Value("image-leading-dash", @"selfhosted:images\.strudel\b", "strudel: infra-demo/strudel:standin", "strudel: \"-strudel:latest\"", "up", "--yes"),
        Config("edge-no-domain", @"selfhosted:caddy\.publicDomain\b", ["selfhosted:caddy:", "  enabled: true", "  email: ops@example.org", "  users:", "    admin:", "      secure: GROQ"]),
        Config("edge-url-not-domain", @"selfhosted:caddy\.publicDomain\b", ["selfhosted:caddy:", "  enabled: true", "  publicDomain: https://corpus.example.org", "  email: ops@example.org", "  users:", "    admin:", "      secure: GROQ"], "up", "--yes"),
        Config("edge-email-not-one", @"selfhosted:caddy\.email\b", ["selfhosted:caddy:", "  enabled: true", "  publicDomain: corpus.example.org", "  email: not-an-email", "  users:", "    admin:", "      secure: GROQ"]),
        Config("edge-email-no-domain", @"selfhosted:caddy\.email\b", ["selfhosted:caddy:", "  enabled: true", "  publicDomain: corpus.example.org", "  email: ops@localhost", "  users:", "    admin:", "      secure: GROQ"]),
        Config("health-timeout-zero", @"selfhosted:healthTimeoutSeconds\b", ["selfhosted:healthTimeoutSeconds: 0"]),
        Config("workers-too-many", @"selfhosted:n8nWorkers\b", ["selfhosted:n8nWorkers: 99"], "up", "--yes"),
        new("prefix-with-space", "config value", 2, $@"{StackFile}: selfhosted:namePrefix\b", ["preview"]) { Break = e => e.StackFile(t => Regex.Replace(t, "namePrefix: .*", "namePrefix: \"bad prefix \"")) },
        Config("unknown-key", @"selfhosted:portz\b", ["selfhosted:portz: 1"]),
        new("runtime-other", "project", 2, @"Pulumi\.yaml: runtime\b", ["preview"]) { Break = e => e.ProjectFile(t => t.Replace("runtime: dotnet", "runtime: nodejs")) },
        new("runtime-other-mapping", "project", 2, @"Pulumi\.yaml: runtime\b", ["up", "--yes"]) { Break = e => e.ProjectFile(t => t.Replace("runtime: dotnet", "runtime:\n  name: python\n  options: {}")) },
        new("project-name-space", "project", 2, @"Pulumi\.yaml: name\b", ["up", "--yes"]) { Break = e => e.ProjectFile(t => t.Replace("name: selfhosted", "name: self hosted")) },
        new("project-name-slash", "project", 2, @"Pulumi\.yaml: name\b", ["preview"]) { Break = e => e.ProjectFile(t => t.Replace("name: selfhosted", "name: self/hosted")) },

        // A resource of a type no provider handles (exit 1, naming it), before anything is planned.
        new("state-type-unknown-kind", "state", 1, @"docker:Bogus", ["up", "--yes"]) { Break = e => e.State(root => AddForeign(e, root, "docker:Bogus")) },
        new("state-type-unknown-package", "state", 1, @"nopkg:index:Thing", ["destroy", "--yes"]) { Break = e => e.State(root => AddForeign(e, root, "nopkg:index:Thing")) },
        new("state-type-refresh", "state", 1, @"docker:Bogus", ["refresh", "--yes"]) { Break = e => e.State(root => AddForeign(e, root, "docker:Bogus")) },
        new("state-type-preview", "state", 1, @"docker:Bogus", ["preview"]) { Break = e => e.State(root => AddForeign(e, root, "docker:Bogus")) },

        // Secrets and passphrases (exit 2, naming the file and the key).
        new("secret-other-passphrase", "secrets", 2, $@"{StackFile}: selfhosted:groqApiKey\b", ["up", "--yes"])
        {
            Break = e => e.StackFile(t => t.Replace(e.GroqCiphertext(), CorpusStack.ForeignCiphertext("gsk_other"))),
        },
        new("secret-other-passphrase-config", "secrets", 2, $@"{StackFile}: selfhosted:groqApiKey\b", ["config", "get", "groqApiKey"])
        {
            Break = e => e.StackFile(t => t.Replace(e.GroqCiphertext(), CorpusStack.ForeignCiphertext("gsk_other"))),
        },
        new("secret-not-ciphertext", "secrets", 2, $@"{StackFile}: .*groqApiKey", ["preview"]) { Break = e => e.StackFile(t => t.Replace(e.GroqCiphertext(), "v1:abc")) },
        new("passphrase-wrong", "secrets", 2, $@"{StackFile}: encryptionsalt\b", ["up", "--yes"]) { Break = e => e.Env["PULUMI_CONFIG_PASSPHRASE"] = "not the passphrase" },
        new("passphrase-wrong-destroy", "secrets", 2, $@"{StackFile}: encryptionsalt\b", ["destroy", "--yes"]) { Break = e => e.Env["PULUMI_CONFIG_PASSPHRASE"] = "not the passphrase" },
        new("passphrase-missing", "secrets", 2, "PULUMI_CONFIG_PASSPHRASE", ["preview"]) { Break = e => e.Env.Remove("PULUMI_CONFIG_PASSPHRASE") },
        new("salt-missing", "secrets", 2, $@"{StackFile}: selfhosted:groqApiKey\b.*encryptionsalt", ["up", "--yes"])
        {
            Break = e => e.StackFile(t => Regex.Replace(t, "^encryptionsalt:.*\n", "", RegexOptions.Multiline)),
        },
        new("secret-state-other-passphrase", "secrets", 2, @"crp\.json: urn:infra:crp::.*redis-password", ["up", "--yes"])
        {
            Break = e => e.State(root => ForeignStateSecret(e, root)),
        },

        // The Docker host: checked once, first. A mistake of form is config (2); a host that does not answer is 1, said once.
        Host("host-bad-scheme", "foo://x", 2, $@"{StackFile}: docker:host\b.*foo://x", "up", "--yes"),
        Host("host-tcp-no-host", "tcp://", 2, $@"{StackFile}: docker:host\b", "preview"),
        Host("host-unix-relative", "unix://docker.sock", 2, $@"{StackFile}: docker:host\b", "refresh", "--yes"),
        Host("host-tcp-refused", "tcp://127.0.0.1:1", 1, @"tcp://127\.0\.0\.1:1\b.*refused", "up", "--yes"),
        Host("host-tcp-unresolvable", "tcp://corpus-host.invalid:2375", 1, @"tcp://corpus-host\.invalid:2375.*(not known|resolve|No such host|nodename)", "up", "--yes"),
        Host("host-ssh-dead-port", "ssh://root@127.0.0.1:1", 1, @"ssh://root@127\.0\.0\.1:1\b", "destroy", "--yes"),
        Host("host-unix-missing-socket", "unix:///tmp/corpus-no-such.sock", 1, @"unix:///tmp/corpus-no-such\.sock", "refresh", "--yes"),
        Host("host-refused-refresh-preview", "tcp://127.0.0.1:1", 1, @"tcp://127\.0\.0\.1:1\b", "refresh", "--preview-only"),
        new("host-certpath-missing", "docker host", 2, $@"{StackFile}: docker:certPath\b", ["up", "--yes"])
        {
            Break = e => e.StackFile(t => t.Replace(DemoHost, "docker:host: tcp://127.0.0.1:2376\n  docker:certPath: /nonexistent/corpus-certs")),
        },
        new("host-certpath-no-key", "docker host", 2, $@"{StackFile}: docker:certPath\b.*key\.pem", ["preview"])
        {
            Break = e =>
            {
                var certs = Path.Combine(e.Stack.Harness.Root, "certs");
                Directory.CreateDirectory(certs);
                File.WriteAllText(Path.Combine(certs, "ca.pem"), "");
                File.WriteAllText(Path.Combine(certs, "cert.pem"), "");
                e.StackFile(t => t.Replace(DemoHost, $"docker:host: tcp://127.0.0.1:2376\n  docker:certPath: {certs}"));
            },
        },
        new("host-dead-fresh-stack", "docker host", 1, @"tcp://127\.0\.0\.1:1\b", ["up", "--yes", "-s", "fresh"])
        {
            // No state yet: generated passwords must not be written before the host was reached.
            Break = e => e.OtherStack("fresh", t => t.Replace(DemoHost, "docker:host: tcp://127.0.0.1:1")),
        },

        // An unknown stack is exit 6 on every verb, before its missing config is read.
        new("nope-up", "stack", 6, "'nope'", ["up", "--yes", "-s", "nope"]),
        new("nope-preview", "stack", 6, "'nope'", ["preview", "-s", "nope"]),
        new("nope-refresh", "stack", 6, "'nope'", ["refresh", "--yes", "-s", "nope"]),
        new("nope-destroy", "stack", 6, "'nope'", ["destroy", "--yes", "-s", "nope"]),
        new("nope-export", "stack", 6, "'nope'", ["stack", "export", "-s", "nope"]),
        new("nope-config", "stack", 6, "'nope'", ["config", "-s", "nope"]),

        // Crashes: a state path that is a folder, a state folder that cannot be written, flags the parser must refuse.
        new("state-dir-up", "state", 1, @"stacks/selfhosted/dirstack\.json is a folder", ["up", "--yes", "-s", "dirstack"])
        {
            Break = e =>
            {
                e.OtherStack("dirstack", t => t);
                Directory.CreateDirectory(Path.Combine(e.BackendDir, "stacks", "selfhosted", "dirstack.json"));
            },
        },
        new("state-dir-preview", "state", 1, @"dirstack\.json is a folder", ["preview", "-s", "dirstack"])
        {
            Break = e =>
            {
                e.OtherStack("dirstack", t => t);
                Directory.CreateDirectory(Path.Combine(e.BackendDir, "stacks", "selfhosted", "dirstack.json"));
            },
        },
        new("state-unwritable-backend-file", "state", 1, @"corpus-file", ["up", "--yes"])
        {
            Break = e => e.Env["INFRA_BACKEND_URL"] = "file://" + Path.Combine(e.Temp("corpus-file", "not a folder"), "state"),
        },
        new("state-not-json", "state", 1, @"crp\.json is corrupt", ["up", "--yes"]) { Break = e => File.WriteAllText(e.Stack.StatePath, "{ not json") },
        new("parallel-abc", "flags", 2, @"--parallel\b.*'abc'", ["up", "--yes", "--parallel", "abc"]) { Process = true },
        new("parallel-negative", "flags", 2, @"--parallel\b.*'-3'", ["destroy", "--yes", "--parallel", "-3"]),
        new("parallel-variable", "flags", 2, @"INFRA_PARALLEL\b.*abc", ["up", "--yes"]) { Break = e => e.Env["INFRA_PARALLEL"] = "abc" },

        // stack import of what is not a state export (exit 2, one line naming the file).
        new("import-not-json", "import", 2, @"corpus-import\.txt is not JSON", ["stack", "import", "--file", "IMPORT"]) { Break = e => e.Temp("corpus-import.txt", "hello: world\nthis is not JSON\n") },
        new("import-empty", "import", 2, @"corpus-import\.txt", ["stack", "import", "--file", "IMPORT"]) { Break = e => e.Temp("corpus-import.txt", "") },
        new("import-no-version", "import", 2, @"corpus-import\.txt", ["stack", "import", "--file", "IMPORT"]) { Break = e => e.Temp("corpus-import.txt", "{\"a\": 1}") },
        new("import-array", "import", 2, @"corpus-import\.txt", ["stack", "import", "--file", "IMPORT"]) { Break = e => e.Temp("corpus-import.txt", "[1, 2]") },

        // YAML read with bounds: time and memory stay small whatever the file holds (exit 2, naming the file).
        new("yaml-billion-laughs", "yaml", 2, StackFile, ["preview"]) { Break = e => File.AppendAllText(e.Stack.StackFile, Laughs(9, 9)) },
        new("yaml-laughs-wide", "yaml", 2, StackFile, ["up", "--yes"]) { Break = e => File.AppendAllText(e.Stack.StackFile, Laughs(4, 64)) },
        new("yaml-deep-nesting", "yaml", 2, StackFile, ["preview"]) { Break = e => File.AppendAllText(e.Stack.StackFile, $"  selfhosted:deep: {Nested(20000)}\n") },
        new("yaml-huge-anchor-project", "yaml", 2, @"Pulumi\.yaml", ["config"])
        {
            Break = e => File.AppendAllText(e.Stack.ProjectFile,
                $"template:\n  a: &a [{string.Join(", ", Enumerable.Range(0, 5000))}]\n  b: [{string.Join(", ", Enumerable.Repeat("*a", 200))}]\n"),
        },
        new("yaml-too-large", "yaml", 2, StackFile, ["preview"]) { Break = e => File.AppendAllText(e.Stack.StackFile, "  selfhosted:big: \"" + new string('x', 2 * 1024 * 1024) + "\"\n") },
    ];

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Name));

    private static void AddForeign(CorpusEdit e, JsonObject root, string type)
    {
        var resources = e.StateResources(root);
        var volume = resources.First(r => r!["type"]!.GetValue<string>() == "docker:Volume")!.DeepClone().AsObject();
        volume["type"] = type;
        volume["urn"] = volume["urn"]!.GetValue<string>().Replace("docker:Volume", type, StringComparison.Ordinal);
        resources.Add(volume);
    }

    private static void ForeignStateSecret(CorpusEdit e, JsonObject root)
    {
        var password = e.StateResources(root).First(r => r!["urn"]!.GetValue<string>().EndsWith("::redis-password", StringComparison.Ordinal))!;
        var secret = password["outputs"]!.AsObject().Select(kv => kv.Value).OfType<JsonObject>().First(o => o.ContainsKey("ciphertext"));
        secret["ciphertext"] = CorpusStack.ForeignCiphertext("\"other\"");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_is_refused_with_one_line_and_changes_nothing(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        var project = Snapshot(stack.Harness.ProjectDir);
        var backend = Snapshot(stack.Harness.BackendDir);
        var env = new Dictionary<string, string>(stack.Harness.Env);
        try
        {
            c.Break(new CorpusEdit(stack));
            var args = c.Args.Select(a => a == "IMPORT" ? Path.Combine(stack.Harness.Root, "corpus-import.txt") : a).ToArray();
            if (!args.Contains("-s")) args = [.. args, "-s", CorpusStack.Stack];
            var stateBefore = CorpusStack.Files(stack.Harness.BackendDir);
            var hostBefore = await stack.HostSnapshotAsync();
            var clock = Stopwatch.StartNew();
            var result = c.Process ? await stack.Harness.RunProcessAsync(args) : await stack.RunAsync(args);
            var elapsed = clock.Elapsed;

            Assert.True(c.Exit == result.ExitCode, $"{name}: expected exit {c.Exit}\n{result}");
            var all = result.Out + result.Error;
            Assert.DoesNotMatch(new Regex(@"^\s+at |Exception\b|Unhandled", RegexOptions.Multiline), all);
            var errors = result.Error.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 1, $"{name}: expected one error line\n{result}");
            Assert.Matches(new Regex(c.Names), errors[0]);
            Assert.True(elapsed < TimeSpan.FromSeconds(20), $"{name}: took {elapsed}");
            Assert.Equal(stateBefore, CorpusStack.Files(stack.Harness.BackendDir));
            Assert.Equal(hostBefore, await stack.HostSnapshotAsync());
        }
        finally
        {
            Restore(stack.Harness.ProjectDir, project);
            Restore(stack.Harness.BackendDir, backend);
            stack.Harness.Env.Clear();
            foreach (var (k, v) in env) stack.Harness.Env[k] = v;
        }
    }

    [Fact]
    public void The_corpus_has_at_least_40_cases_with_unique_names() =>
        Assert.True(Cases.Count >= 40 && Cases.Select(c => c.Name).Distinct().Count() == Cases.Count, $"{Cases.Count} cases");

    private static Dictionary<string, byte[]> Snapshot(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

    private static void Restore(string root, Dictionary<string, byte[]> files)
    {
        foreach (var dir in Directory.GetDirectories(root, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
            if (!files.Keys.Any(f => f.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal)) && Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories).Where(f => !files.ContainsKey(f))) File.Delete(file);
        foreach (var (file, bytes) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            if (!File.Exists(file) || !File.ReadAllBytes(file).AsSpan().SequenceEqual(bytes)) File.WriteAllBytes(file, bytes);
        }
    }
}
