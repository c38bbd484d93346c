using System.Text.Json.Nodes;
using Infra.Engine.Config;
using Infra.Providers.Docker;
using Infra.Providers.Ssh;

namespace Infra.Providers.Tests.Units;

public sealed class HostParsingTests
{
    [Theory]
    [InlineData("ssh://deploy@vps.example:2200/run/user/1000/docker.sock", "deploy", "vps.example", 2200, "/run/user/1000/docker.sock")]
    [InlineData("ssh://vps.example", null, "vps.example", null, null)]
    [InlineData("ssh://root@[2001:db8::1]:22", "root", "2001:db8::1", 22, null)]
    public void Ssh_address_is_split_into_user_host_port_and_socket(string url, string? user, string host, int? port, string? path)
    {
        var target = SshTarget.Parse(url);
        Assert.Equal(new SshTarget(user, host, port, path), target);
    }

    [Fact]
    public void Ssh_destination_arguments_end_options_before_the_host()
    {
        Assert.Equal(["-l", "u", "-p", "2222", "--", "h"], SshTarget.Parse("ssh://u@h:2222").DestinationArguments());
    }

    [Fact]
    public void Stack_config_wins_over_docker_host_which_wins_over_the_default()
    {
        var config = new StackConfig("Pulumi.vps.yaml", new JsonObject
        {
            ["docker:host"] = "ssh://deploy@vps",
            ["docker:sshOpts"] = new JsonArray("-o", "Port=2200"),
        });
        var options = DockerHostOptions.FromConfig(config);
        Assert.Equal("ssh://deploy@vps", options.Host);
        Assert.Equal(["-o", "Port=2200"], options.SshOptsOrEmpty);

        var previous = Environment.GetEnvironmentVariable("DOCKER_HOST");
        try
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", "tcp://10.0.0.5:2376");
            Assert.Equal("tcp://10.0.0.5:2376", DockerHostOptions.FromConfig(new StackConfig("Pulumi.local.yaml", [])).Host);
            Environment.SetEnvironmentVariable("DOCKER_HOST", null);
            Assert.Equal(DockerHostOptions.DefaultHost, DockerHostOptions.FromConfig(new StackConfig("Pulumi.local.yaml", [])).Host);
        }
        finally { Environment.SetEnvironmentVariable("DOCKER_HOST", previous); }
    }

    [Fact]
    public void Ssh_opts_that_are_not_a_list_name_the_file_and_key()
    {
        var config = new StackConfig("Pulumi.vps.yaml", new JsonObject { ["docker:sshOpts"] = "-v" });
        var error = Assert.Throws<Infra.Engine.ConfigException>(() => DockerHostOptions.FromConfig(config));
        Assert.Contains("Pulumi.vps.yaml: config key 'docker:sshOpts' must be a list", error.Message);
    }

    [Theory]
    [InlineData("redis:7", "redis", "7")]
    [InlineData("registry:5000/team/app", "registry:5000/team/app", "latest")]
    [InlineData("app@sha256:abc", "app@sha256:abc", null)]
    public void Image_reference_never_means_all_tags(string name, string repository, string? tag) =>
        Assert.Equal(new ImageReference(repository, tag), ImageReference.Parse(name));

    [Theory]
    [InlineData("1.51", null, "1.51")]
    [InlineData("1.41", null, "1.41")]
    [InlineData("1.53", null, "1.51")]
    [InlineData("1.53", "1.41", "1.41")]
    public void Api_version_is_the_daemon_one_capped_or_the_forced_one(string daemon, string? forced, string expected) =>
        Assert.Equal(Version.Parse(expected), DockerApiVersion.Negotiate(daemon, forced));

    [Fact]
    public void Ssh_failures_read_as_one_line_per_cause()
    {
        var t = SshTarget.Parse("ssh://root@vps:22");
        Assert.Contains("unreachable", SshFailure.Describe(t, "ssh: connect to host vps port 22: Connection refused\n"));
        Assert.Contains("authentication refused", SshFailure.Describe(t, "root@vps: Permission denied (publickey).\n"));
        Assert.Contains("host key of vps is unknown", SshFailure.Describe(t, "No ED25519 host key is known for vps and you have requested strict checking.\nHost key verification failed.\n"));
    }

    [Fact]
    public async Task Tcp_host_without_a_daemon_or_with_missing_certificates_fails_in_one_line()
    {
        await using (var plain = new DockerConnection(new DockerHostOptions("tcp://127.0.0.1:1")))
            Assert.Contains("tcp://127.0.0.1:1: the Docker engine does not answer", (await Assert.ThrowsAsync<DockerHostException>(() => plain.OpenAsync(default))).Message);
        await using var tls = new DockerConnection(new DockerHostOptions("tcp://127.0.0.1:1", CertPath: "/nonexistent/certs"));
        Assert.Contains("cannot load TLS certificates from /nonexistent/certs", (await Assert.ThrowsAsync<DockerHostException>(() => tls.OpenAsync(default))).Message);
    }
}
