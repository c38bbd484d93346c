using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using Infra.Engine.Model;
using Infra.Engine.Properties;
using Infra.Engine.Providers;
using Infra.Providers.Docker;
using Secret = Infra.Engine.Properties.Secret;

namespace Infra.Providers.Tests;

/// <summary>
/// <c>docker:Service</c> without a swarm: its inputs checked as the provider checks them, the Engine API spec it
/// builds from them, the configs and secrets it mounts, and how a live spec reads back for refresh.
/// </summary>
public sealed partial class SwarmServiceSpecTests
{
    private const string Urn = "urn:infra:test::seed::docker:Service::db";
    private const string DbPassword = "pw-Db-SECRET-7f3a91";
    private const string ApiKey = "key-Api-SECRET-c0ffee";
    private const string FileSecret = "basicauth admin $2a$14$SECRET-hash";
    private const string Wrapper = EnvFromFiles.Path;
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly ImageProgram Postgres = new(["docker-entrypoint.sh"], ["postgres"]);

    /// <summary>Docker's rule for config and secret names (swarmkit's validateConfigOrSecretAnnotations).</summary>
    [GeneratedRegex("^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$")]
    private static partial Regex SwarmObjectName();

    private static ServiceArgs Plain(params (string Key, string Value)[] env) => new()
    {
        Name = "db",
        Image = "postgres:17",
        Env = env.ToDictionary(e => e.Key, e => Input<string>.Of(e.Value)),
    };

    /// <summary>A service with two secret variables and a plain one.</summary>
    private static ServiceArgs WithSecrets(IReadOnlyList<string>? entrypoint = null, IReadOnlyList<string>? command = null,
        ContainerHealthcheck? healthcheck = null) => new()
        {
            Name = "db",
            Image = "postgres:17",
            Entrypoint = entrypoint,
            Command = command,
            Healthcheck = healthcheck,
            Env = new Dictionary<string, Input<string>>
            {
                ["POSTGRES_USER"] = "app",
                ["POSTGRES_PASSWORD"] = Input<string>.Secret(DbPassword),
                ["API_KEY"] = Input<string>.Secret(ApiKey),
            },
        };

    private static CheckResult RunCheck(ServiceArgs args) =>
        ServiceCheck.Run(new CheckRequest(Urn, ServiceKind.TypeToken, InputSerializer.ToProperties(args), null));

    /// <summary>The inputs as the provider gets them: checked, defaults written in, secrets still wrapped.</summary>
    private static JsonObject Declared(ServiceArgs args)
    {
        var result = RunCheck(args);
        Assert.Empty(result.Failures ?? []);
        return result.Inputs;
    }

    private static IReadOnlyList<(SwarmObject Object, string Id)> Objects(ServiceArgs args, JsonObject declared) =>
        ServiceObjects.For(args.Name!, args, declared).Select((o, i) => (o, $"id-{i}-{o.Name}")).ToList();

    /// <summary>The spec <c>docker:Service</c> sends, built as <see cref="ServiceKind"/> builds it.</summary>
    private static ServiceSpec Spec(ServiceArgs args, ImageProgram? program = null) => Spec(Declared(args), program);

    private static ServiceSpec Spec(JsonObject declared, ImageProgram? program = null)
    {
        var args = DeclaredInputs.Read<ServiceArgs>(declared);
        return ServiceSpecs.Build(args, declared, InfraLabels.For(Urn, declared), Objects(args, declared), program);
    }

    private static ContainerSpec Container(ServiceSpec spec) => spec.TaskTemplate!.ContainerSpec!;

    private static string[] Words(string text) => text.Length == 0 ? [] : text.Split(' ');

    // --- secret environment values --------------------------------------------------------------------------------

    [Fact]
    public void A_secret_env_value_never_appears_in_the_spec_only_its_file_and_the_list_of_names()
    {
        var spec = Spec(WithSecrets(), Postgres);
        var json = JsonSerializer.Serialize(spec);

        Assert.DoesNotContain(DbPassword, json, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, json, StringComparison.Ordinal);
        Assert.Equal(
            ["POSTGRES_USER=app", "API_KEY_FILE=/run/secrets/API_KEY", "POSTGRES_PASSWORD_FILE=/run/secrets/POSTGRES_PASSWORD", "INFRA_ENV_FROM_FILES=API_KEY POSTGRES_PASSWORD"],
            Container(spec).Env!);
        Assert.DoesNotContain(Container(spec).Env!, e => e.StartsWith("POSTGRES_PASSWORD=", StringComparison.Ordinal) || e.StartsWith("API_KEY=", StringComparison.Ordinal));
    }

    [Fact]
    public void Plain_values_are_in_the_spec_as_they_are_and_need_no_wrapper()
    {
        var spec = Spec(Plain(("POSTGRES_USER", "app"), ("POSTGRES_DB", "n8n")) with { Command = ["postgres", "-c", "fsync=on"] });
        var container = Container(spec);

        Assert.Equal(["POSTGRES_USER=app", "POSTGRES_DB=n8n"], container.Env!);
        Assert.DoesNotContain(container.Env!, e => e.StartsWith(EnvFromFiles.ListVariable, StringComparison.Ordinal));
        // The image's own entrypoint, the declared command: as Docker runs them without a wrapper.
        Assert.Null(container.Command);
        Assert.Equal(["postgres", "-c", "fsync=on"], container.Args);
        Assert.Empty(container.Secrets!);
        Assert.Empty(container.Configs!);
    }

    [Fact]
    public void Each_secret_variable_is_a_docker_secret_mounted_where_its_NAME_FILE_points_and_the_wrapper_a_config()
    {
        var args = WithSecrets();
        var declared = Declared(args);
        var objects = ServiceObjects.For("db", DeclaredInputs.Read<ServiceArgs>(declared), declared);
        var container = Container(Spec(declared, Postgres));

        var password = Assert.Single(objects, o => o.Kind == SwarmObjectKind.Secret && o.Target == "POSTGRES_PASSWORD");
        Assert.Equal(DbPassword, Encoding.UTF8.GetString(password.Data));
        Assert.Equal(0b100_100_100u, password.Mode);
        var wrapper = Assert.Single(objects, o => o.Kind == SwarmObjectKind.Config);
        Assert.Equal(Wrapper, wrapper.Target);
        Assert.Equal(EnvFromFiles.Script, Encoding.UTF8.GetString(wrapper.Data));
        Assert.Equal(0b101_101_101u, wrapper.Mode);

        // A relative target is a file under /run/secrets/, where NAME_FILE says it is.
        Assert.Equal(["API_KEY", "POSTGRES_PASSWORD"], container.Secrets!.Select(s => s.File!.Name).Order(StringComparer.Ordinal));
        foreach (var s in container.Secrets!)
            Assert.Contains($"{s.File!.Name}_FILE={ServiceObjects.SecretEnvPath(s.File!.Name)}", container.Env!);
        var config = Assert.Single(container.Configs!);
        Assert.Equal((wrapper.Name, Wrapper), (config.ConfigName, config.File!.Name));
    }

    // --- the entrypoint wrapper -----------------------------------------------------------------------------------

    [Theory]
    // Nothing declared: the image's entrypoint and command.
    [InlineData("", "", "docker-entrypoint.sh postgres")]
    // A declared command replaces the image's command, behind the image's entrypoint.
    [InlineData("", "postgres -c max_connections=200", "docker-entrypoint.sh postgres -c max_connections=200")]
    // A declared entrypoint drops the image's command (Docker's rule).
    [InlineData("/usr/local/bin/start.sh", "", "/usr/local/bin/start.sh")]
    [InlineData("/usr/local/bin/start.sh", "--fast", "/usr/local/bin/start.sh --fast")]
    public void With_secret_variables_the_wrapper_runs_the_program_Docker_would_have_run(string entrypoint, string command, string program)
    {
        var args = WithSecrets(entrypoint.Length == 0 ? null : Words(entrypoint), command.Length == 0 ? null : Words(command));
        var container = Container(Spec(args, Postgres));

        Assert.Equal(["/bin/sh", Wrapper], container.Command);
        Assert.Equal(Words(program), container.Args);
    }

    [Fact]
    public void The_wrapper_with_an_image_without_entrypoint_runs_the_image_command()
    {
        var container = Container(Spec(WithSecrets(), new ImageProgram([], ["redis-server", "/etc/redis.conf"])));

        Assert.Equal(["/bin/sh", Wrapper], container.Command);
        Assert.Equal(["redis-server", "/etc/redis.conf"], container.Args);
    }

    [Fact]
    public void A_shell_health_check_goes_through_the_wrapper_when_there_are_secret_variables()
    {
        var check = new ContainerHealthcheck
        {
            Test = ["CMD-SHELL", "PGPASSWORD=\"$POSTGRES_PASSWORD\" psql -U app -c 'select 1'"],
            IntervalSeconds = 10, TimeoutSeconds = 5, StartPeriodSeconds = 30, Retries = 6,
        };
        var health = Container(Spec(WithSecrets(healthcheck: check), Postgres)).Healthcheck!;

        Assert.Equal(["CMD", "/bin/sh", Wrapper, "/bin/sh", "-c", "PGPASSWORD=\"$POSTGRES_PASSWORD\" psql -U app -c 'select 1'"], health.Test);
        Assert.Equal(TimeSpan.FromSeconds(10), health.Interval);
        Assert.Equal(TimeSpan.FromSeconds(5), health.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(30), health.StartPeriod);
        Assert.Equal(6, health.Retries);
    }

    [Fact]
    public void An_exec_health_check_goes_through_the_wrapper_when_there_are_secret_variables()
    {
        var check = new ContainerHealthcheck { Test = ["CMD", "redis-cli", "--no-auth-warning", "ping"] };
        var health = Container(Spec(WithSecrets(healthcheck: check), Postgres)).Healthcheck!;

        Assert.Equal(["CMD", "/bin/sh", Wrapper, "redis-cli", "--no-auth-warning", "ping"], health.Test);
    }

    [Theory]
    [InlineData("CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:5678/healthz")]
    [InlineData("CMD", "mc")]
    public void Without_secret_variables_the_health_check_is_left_as_declared(string kind, string command)
    {
        var check = new ContainerHealthcheck { Test = [kind, command] };
        var health = Container(Spec(Plain(("A", "1")) with { Healthcheck = check })).Healthcheck!;

        Assert.Equal([kind, command], health.Test);
    }

    // --- files: configs or secrets --------------------------------------------------------------------------------

    [Fact]
    public void A_file_is_a_config_unless_its_content_is_secret_with_its_path_owner_and_mode()
    {
        var args = Plain(("A", "1")) with
        {
            Files =
            [
                new ContainerFile { Path = "/etc/app/app.conf", Content = "listen 8080\n", Uid = 1000, Gid = 1001, Mode = "0640" },
                new ContainerFile { Path = "/etc/caddy/Caddyfile", Content = Input<string>.Secret(FileSecret) },
            ],
        };
        var declared = Declared(args);
        var container = Container(Spec(declared));

        var config = Assert.Single(container.Configs!);
        Assert.Equal(("/etc/app/app.conf", "1000", "1001", Convert.ToUInt32("640", 8)), (config.File!.Name, config.File!.UID, config.File!.GID, config.File!.Mode));
        Assert.StartsWith("db-app-conf-", config.ConfigName, StringComparison.Ordinal);
        var secret = Assert.Single(container.Secrets!);
        // Mode 0644 written in by the check; owner root when none is given.
        Assert.Equal(("/etc/caddy/Caddyfile", "0", "0", Convert.ToUInt32("644", 8)), (secret.File!.Name, secret.File!.UID, secret.File!.GID, secret.File!.Mode));
        Assert.StartsWith("db-caddyfile-", secret.SecretName, StringComparison.Ordinal);
        Assert.DoesNotContain(FileSecret, JsonSerializer.Serialize(Spec(declared)), StringComparison.Ordinal);

        // The ids are those of the objects created for the service, by name.
        var objects = Objects(DeclaredInputs.Read<ServiceArgs>(declared), declared).ToDictionary(o => o.Object.Name, o => o.Id);
        Assert.Equal(objects[config.ConfigName], config.ConfigID);
        Assert.Equal(objects[secret.SecretName], secret.SecretID);
    }

    [Fact]
    public void Files_alone_need_no_wrapper()
    {
        var args = Plain() with { Files = [new ContainerFile { Path = "/etc/x.conf", Content = Input<string>.Secret("s") }] };
        var container = Container(Spec(args));

        Assert.Null(container.Command);
        Assert.DoesNotContain(container.Configs!, c => c.File!.Name == Wrapper);
        Assert.DoesNotContain(container.Env!, e => e.StartsWith(EnvFromFiles.ListVariable, StringComparison.Ordinal));
    }

    // --- placement, rollout, endpoint ------------------------------------------------------------------------------

    [Fact]
    public void Replicas_constraints_update_order_endpoint_mode_and_port_mode_reach_the_spec()
    {
        var spec = Spec(Plain() with
        {
            Replicas = 3,
            Constraints = ["node.labels.infra.stateful==true"],
            UpdateOrder = "start-first",
            EndpointMode = "dnsrr",
            Ports = [new ServicePort { Target = 443, Published = 443, Mode = "host" }, new ServicePort { Target = 53, Published = 5353, Protocol = "udp", Mode = "host" }],
            Networks = [new ContainerNetwork { Name = "backbone_net", Aliases = ["postgres"] }],
        });

        Assert.Equal(3UL, spec.Mode!.Replicated!.Replicas);
        Assert.Equal(["node.labels.infra.stateful==true"], spec.TaskTemplate!.Placement!.Constraints);
        Assert.Equal("start-first", spec.UpdateConfig!.Order);
        Assert.Equal("start-first", spec.RollbackConfig!.Order);
        Assert.Equal("rollback", spec.UpdateConfig!.FailureAction);
        Assert.Equal(1UL, spec.UpdateConfig!.Parallelism);
        Assert.Equal("dnsrr", spec.EndpointSpec!.Mode);
        Assert.Equal([(443u, 443u, "tcp", "host"), (53u, 5353u, "udp", "host")],
            spec.EndpointSpec!.Ports!.Select(p => (p.TargetPort ?? 0, p.PublishedPort ?? 0, p.Protocol, p.PublishMode)));
        var network = Assert.Single(spec.TaskTemplate!.Networks!);
        Assert.Equal("backbone_net", network.Target);
        Assert.Equal(["postgres"], network.Aliases!);
    }

    [Fact]
    public void By_default_one_replica_on_any_node_behind_a_virtual_ip_stopped_before_its_update()
    {
        var spec = Spec(Plain() with { Ports = [new ServicePort { Target = 8080, Published = 8080 }] });

        Assert.Equal(1UL, spec.Mode!.Replicated!.Replicas);
        Assert.Null(spec.TaskTemplate!.Placement);
        Assert.Equal("stop-first", spec.UpdateConfig!.Order);
        Assert.Equal("vip", spec.EndpointSpec!.Mode);
        Assert.Equal(("tcp", "ingress"), (spec.EndpointSpec!.Ports![0].Protocol, spec.EndpointSpec!.Ports![0].PublishMode));
    }

    [Fact]
    public void Zero_replicas_stay_zero()
    {
        Assert.Equal(0UL, Spec(Plain() with { Replicas = 0 }).Mode!.Replicated!.Replicas);
    }

    [Fact]
    public void Task_containers_carry_the_spec_hash_and_the_image_id_so_readiness_can_tell_the_tasks_of_this_spec()
    {
        var declared = Declared(Plain(("A", "1")) with { ImageId = "sha256:abc" });
        var spec = Spec(declared);
        var hash = InfraLabels.For(Urn, declared)[InfraLabels.SpecHash];

        Assert.Equal(hash, Container(spec).Labels![ServiceSpecs.SpecHashLabel]);
        Assert.Equal("sha256:abc", Container(spec).Labels![ServiceSpecs.ImageIdLabel]);
        Assert.Equal(hash, spec.Labels![InfraLabels.SpecHash]);
        Assert.Equal(Urn, spec.Labels![InfraLabels.Urn]);

        var scaled = Spec(Declared(Plain(("A", "1")) with { ImageId = "sha256:abc", Replicas = 2 }));
        Assert.NotEqual(hash, Container(scaled).Labels![ServiceSpecs.SpecHashLabel]);
        var rotated = Spec(Declared(WithSecrets() with { Env = new Dictionary<string, Input<string>> { ["P"] = Input<string>.Secret("one") } }), Postgres);
        var rotatedAgain = Spec(Declared(WithSecrets() with { Env = new Dictionary<string, Input<string>> { ["P"] = Input<string>.Secret("two") } }), Postgres);
        Assert.NotEqual(Container(rotated).Labels![ServiceSpecs.SpecHashLabel], Container(rotatedAgain).Labels![ServiceSpecs.SpecHashLabel]);
    }

    // --- content-versioned configs and secrets ---------------------------------------------------------------------

    [Fact]
    public void A_swarm_objects_name_follows_its_content_and_target()
    {
        var one = SwarmObject.Of(SwarmObjectKind.Config, "caddy", "Caddyfile", "a", "/etc/caddy/Caddyfile");

        Assert.Equal(one.Name, SwarmObject.Of(SwarmObjectKind.Config, "caddy", "Caddyfile", "a", "/etc/caddy/Caddyfile").Name);
        Assert.NotEqual(one.Name, SwarmObject.Of(SwarmObjectKind.Config, "caddy", "Caddyfile", "b", "/etc/caddy/Caddyfile").Name);
        Assert.NotEqual(one.Name, SwarmObject.Of(SwarmObjectKind.Config, "caddy", "Caddyfile", "a", "/etc/caddy/Caddyfile2").Name);
        Assert.StartsWith("caddy-caddyfile-", one.Name, StringComparison.Ordinal);
        Assert.Equal("a"u8.ToArray(), one.Data);
    }

    [Theory]
    [InlineData("db", "POSTGRES_PASSWORD")]
    [InlineData("tenant-with-a-very-long-prefix-azoth-n8n-worker-of-sixty-three", "QUEUE_BULL_REDIS_PASSWORD")]
    [InlineData("x", "...")]
    [InlineData("n8n", "Ünïcode fïle.conf")]
    [InlineData("a.b_c", "env-from-files")]
    public void A_swarm_objects_name_is_at_most_64_characters_and_valid_for_Docker(string service, string purpose)
    {
        var a = SwarmObject.Of(SwarmObjectKind.Secret, service, purpose, "one", "/x");
        var b = SwarmObject.Of(SwarmObjectKind.Secret, service, purpose, "two", "/x");

        foreach (var name in new[] { a.Name, b.Name })
        {
            Assert.InRange(name.Length, 1, 64);
            Assert.Matches(SwarmObjectName(), name);
        }
        Assert.NotEqual(a.Name, b.Name);
    }

    // --- check: defaults and refusals -------------------------------------------------------------------------------

    [Fact]
    public void Check_writes_the_defaults_in_so_state_and_refresh_compare_like_with_like()
    {
        var news = InputSerializer.ToProperties(new ServiceArgs
        {
            Image = "postgres:17",
            Ports = [new ServicePort { Target = 80, Published = 8080 }],
            Mounts = [new ContainerMount { Source = "pgdata", Target = "/var/lib/postgresql/data" }],
            Files = [new ContainerFile { Path = "/etc/a.conf", Content = "a" }],
        });
        news.Remove("replicas");
        var result = ServiceCheck.Run(new CheckRequest(Urn, ServiceKind.TypeToken, news, null));

        Assert.Empty(result.Failures ?? []);
        var inputs = result.Inputs;
        Assert.Equal("db", inputs["name"]!.GetValue<string>());
        Assert.Equal(1, inputs["replicas"]!.GetValue<int>());
        Assert.Equal("vip", inputs["endpointMode"]!.GetValue<string>());
        Assert.Equal("tcp", inputs["ports"]![0]!["protocol"]!.GetValue<string>());
        Assert.Equal("ingress", inputs["ports"]![0]!["mode"]!.GetValue<string>());
        Assert.Equal("volume", inputs["mounts"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("0644", inputs["files"]![0]!["mode"]!.GetValue<string>());
        // Writing the defaults in again changes nothing.
        var again = ServiceCheck.Run(new CheckRequest(Urn, ServiceKind.TypeToken, inputs, null));
        Assert.True(JsonNode.DeepEquals(inputs, again.Inputs));
    }

    [Fact]
    public void Check_keeps_what_is_declared()
    {
        var inputs = Declared(Plain() with
        {
            Replicas = 3,
            EndpointMode = "dnsrr",
            Ports = [new ServicePort { Target = 53, Published = 53, Protocol = "udp", Mode = "host" }],
            Mounts = [new ContainerMount { Type = "tmpfs", Target = "/tmp" }],
        });

        Assert.Equal(3, inputs["replicas"]!.GetValue<int>());
        Assert.Equal("dnsrr", inputs["endpointMode"]!.GetValue<string>());
        Assert.Equal(("udp", "host"), (inputs["ports"]![0]!["protocol"]!.GetValue<string>(), inputs["ports"]![0]!["mode"]!.GetValue<string>()));
        Assert.Equal("tmpfs", inputs["mounts"]![0]!["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("bind mount", "a 'bind'")]
    [InlineData("ingress port on dnsrr", "a dnsrr service has no routing mesh")]
    [InlineData("update order", "updateOrder must be start-first or stop-first, not 'rolling'")]
    [InlineData("image reference", "image 'Postgres 17' is not a valid image reference")]
    [InlineData("negative replicas", "replicas must not be negative, not -1")]
    [InlineData("endpoint mode", "endpointMode must be vip or dnsrr, not 'ipvs'")]
    [InlineData("port mode", "mode must be ingress or host, not 'global'")]
    [InlineData("volume without source", "a volume mount needs a source")]
    [InlineData("relative file", "must be an absolute file path")]
    [InlineData("file mode", "mode '0999' is not octal like 0640")]
    [InlineData("service name", "is not a valid Docker name")]
    [InlineData("empty health check", "healthcheck.test must not be empty")]
    public void Check_refuses(string problem, string message)
    {
        var args = problem switch
        {
            "bind mount" => Plain() with { Mounts = [new ContainerMount { Type = "bind", Source = "/srv/data", Target = "/data" }] },
            "ingress port on dnsrr" => Plain() with { EndpointMode = "dnsrr", Ports = [new ServicePort { Target = 80, Published = 80 }] },
            "update order" => Plain() with { UpdateOrder = "rolling" },
            "image reference" => Plain() with { Image = "Postgres 17" },
            "negative replicas" => Plain() with { Replicas = -1 },
            "endpoint mode" => Plain() with { EndpointMode = "ipvs" },
            "port mode" => Plain() with { Ports = [new ServicePort { Target = 80, Published = 80, Mode = "global" }] },
            "volume without source" => Plain() with { Mounts = [new ContainerMount { Target = "/data" }] },
            "relative file" => Plain() with { Files = [new ContainerFile { Path = "etc/a.conf", Content = "a" }] },
            "file mode" => Plain() with { Files = [new ContainerFile { Path = "/etc/a.conf", Content = "a", Mode = "0999" }] },
            "service name" => Plain() with { Name = "-db" },
            "empty health check" => Plain() with { Healthcheck = new ContainerHealthcheck { Test = [] } },
            _ => throw new ArgumentException(problem, nameof(problem)),
        };

        var failure = Assert.Single(RunCheck(args).Failures ?? []);
        Assert.Contains(message, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_accepts_a_tmpfs_an_ingress_port_behind_a_virtual_ip_and_both_update_orders()
    {
        Assert.Empty(RunCheck(Plain() with { Mounts = [new ContainerMount { Type = "tmpfs", Target = "/run" }] }).Failures ?? []);
        Assert.Empty(RunCheck(Plain() with { Ports = [new ServicePort { Target = 80, Published = 80 }] }).Failures ?? []);
        Assert.Empty(RunCheck(Plain() with { UpdateOrder = "start-first" }).Failures ?? []);
        Assert.Empty(RunCheck(Plain() with { UpdateOrder = "stop-first", Image = $"postgres:17@{Digest}" }).Failures ?? []);
    }

    // --- refresh: the live spec read back -----------------------------------------------------------------------------

    [Fact]
    public void An_untouched_service_reads_back_exactly_as_declared()
    {
        var declared = Declared(WithSecrets() with { Constraints = ["node.labels.infra.stateful==true"], Replicas = 1 });
        var read = ServiceRead.Inputs(Spec(declared, Postgres), declared);

        Assert.True(JsonNode.DeepEquals(declared, read), $"declared {declared.ToJsonString()}\nread     {read.ToJsonString()}");
    }

    [Fact]
    public void A_service_scaled_by_hand_reads_back_its_replicas()
    {
        var declared = Declared(Plain(("A", "1")) with { Replicas = 2 });
        var live = Spec(declared);
        live.Mode!.Replicated!.Replicas = 5;

        Assert.Equal(5, ServiceRead.Inputs(live, declared)["replicas"]!.GetValue<int>());
    }

    [Fact]
    public void An_env_var_added_or_changed_by_hand_shows()
    {
        var declared = Declared(WithSecrets());
        var live = Spec(declared, Postgres);
        live.TaskTemplate!.ContainerSpec!.Env!.Add("DEBUG=1");
        live.TaskTemplate!.ContainerSpec!.Env![live.TaskTemplate!.ContainerSpec!.Env!.IndexOf("POSTGRES_USER=app")] = "POSTGRES_USER=root";

        var env = ServiceRead.Inputs(live, declared)["env"]!.AsObject();
        Assert.Equal("1", env["DEBUG"]!.GetValue<string>());
        Assert.Equal("root", env["POSTGRES_USER"]!.GetValue<string>());
    }

    [Fact]
    public void A_secret_variable_still_read_from_its_file_reads_back_as_declared_and_the_wrappers_variables_never_show()
    {
        var declared = Declared(WithSecrets());
        var env = ServiceRead.Inputs(Spec(declared, Postgres), declared)["env"]!.AsObject();

        Assert.True(Secret.IsSecret(env["POSTGRES_PASSWORD"]));
        Assert.True(JsonNode.DeepEquals(declared["env"]!["POSTGRES_PASSWORD"], env["POSTGRES_PASSWORD"]));
        Assert.True(JsonNode.DeepEquals(declared["env"]!["API_KEY"], env["API_KEY"]));
        Assert.Equal(["API_KEY", "POSTGRES_PASSWORD", "POSTGRES_USER"], env.Select(kv => kv.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_secret_variable_no_longer_read_from_its_file_is_missing()
    {
        var declared = Declared(WithSecrets());
        var live = Spec(declared, Postgres);
        live.TaskTemplate!.ContainerSpec!.Env!.Remove("API_KEY_FILE=/run/secrets/API_KEY");

        var env = ServiceRead.Inputs(live, declared)["env"]!.AsObject();
        Assert.False(env.ContainsKey("API_KEY"));
        Assert.False(env.ContainsKey("API_KEY_FILE"));
        Assert.True(env.ContainsKey("POSTGRES_PASSWORD"));
    }

    [Fact]
    public void The_image_and_constraints_changed_by_hand_read_back_and_the_digest_Swarm_adds_does_not()
    {
        var declared = Declared(Plain());
        var live = Spec(declared);
        live.TaskTemplate!.ContainerSpec!.Image = $"postgres:17@{Digest}";
        Assert.Equal("postgres:17", ServiceRead.Inputs(live, declared)["image"]!.GetValue<string>());
        Assert.Null(ServiceRead.Inputs(live, declared)["constraints"]);

        live.TaskTemplate!.ContainerSpec!.Image = "postgres:16";
        live.TaskTemplate!.Placement = new Placement { Constraints = ["node.role==manager"] };
        var read = ServiceRead.Inputs(live, declared);
        Assert.Equal("postgres:16", read["image"]!.GetValue<string>());
        Assert.Equal(["node.role==manager"], read["constraints"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public void An_image_pinned_by_digest_reads_back_as_declared()
    {
        var declared = Declared(Plain() with { Image = $"postgres:17@{Digest}" });

        Assert.Equal($"postgres:17@{Digest}", ServiceRead.Inputs(Spec(declared), declared)["image"]!.GetValue<string>());
    }

    // --- placement labels ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("node.labels.infra.stateful==true", "infra.stateful", "true")]
    [InlineData(" node.labels.zone == eu-1 ", "zone", "eu-1")]
    [InlineData("node.labels.a==b==c", "a", "b==c")]
    public void A_node_label_constraint_parses(string constraint, string key, string value)
    {
        Assert.Equal(new NodeLabel(key, value), NodeLabel.Parse(constraint));
    }

    [Theory]
    [InlineData("node.role==manager")]
    [InlineData("node.labels.zone!=eu-1")]
    [InlineData("engine.labels.zone==eu-1")]
    [InlineData("node.labels.zone")]
    public void Other_constraints_are_not_node_labels(string constraint)
    {
        Assert.Null(NodeLabel.Parse(constraint));
    }

    [Fact]
    public void A_node_labels_constraint_parses_back_and_matches_only_a_node_with_that_value()
    {
        var label = new NodeLabel("infra.stateful", "true");

        Assert.Equal("node.labels.infra.stateful==true", label.Constraint);
        Assert.Equal(label, NodeLabel.Parse(label.Constraint));
        Assert.True(label.Matches(new Dictionary<string, string> { ["infra.stateful"] = "true", ["zone"] = "eu" }));
        Assert.False(label.Matches(new Dictionary<string, string> { ["infra.stateful"] = "false" }));
        Assert.False(label.Matches(new Dictionary<string, string> { ["infra.stateful.x"] = "true" }));
        Assert.False(label.Matches(new Dictionary<string, string>()));
        Assert.False(label.Matches(null));
    }
}
