using Infra.Stacks.Tests.Fixtures;

namespace Infra.Stacks.Tests;

/// <summary>MQTT over TLS: server certificate and key, and the CA of the clients when configs/mqtt/certs/ca.crt exists (issue 10, item 6).</summary>
public sealed class MosquittoTlsTests
{
    private const string Conf = "/mosquitto/config/mosquitto.conf";
    private const string Ca = "/mosquitto/config/certs/ca.crt";

    private static TempProject WithCertificates(bool ca)
    {
        var project = TempProject.CopyOfRepo();
        project.Write("configs/mqtt/certs/server.crt", "-----BEGIN CERTIFICATE-----\nSERVER\n-----END CERTIFICATE-----\n");
        project.Write("configs/mqtt/certs/server.key", "-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n");
        if (ca) project.Write("configs/mqtt/certs/ca.crt", "-----BEGIN CERTIFICATE-----\nCLIENTS-CA\n-----END CERTIFICATE-----\n");
        return project;
    }

    [Fact]
    public void A_ca_certificate_is_uploaded_and_named_by_the_tls_listener()
    {
        using var project = WithCertificates(ca: true);
        var build = StackBuild.Build(StackBuild.Config(), project.Directory);
        var conf = build.File("mosquitto", Conf).Text;

        Assert.Contains("CLIENTS-CA", build.File("mosquitto", Ca).Text);
        var listener = conf[conf.IndexOf("listener 8883", StringComparison.Ordinal)..];
        Assert.Contains("cafile " + Ca, listener);
        Assert.Contains("certfile /mosquitto/config/certs/server.crt", listener);
    }

    [Fact]
    public void Without_a_ca_certificate_the_listener_names_none()
    {
        using var project = WithCertificates(ca: false);
        var build = StackBuild.Build(StackBuild.Config(), project.Directory);

        Assert.DoesNotContain("cafile /", build.File("mosquitto", Conf).Text);
        Assert.DoesNotContain(build.Files(build.Container("mosquitto")), f => f.Path == Ca);
    }

    [Fact]
    public void A_ca_certificate_alone_turns_nothing_on()
    {
        using var project = TempProject.CopyOfRepo();
        project.Write("configs/mqtt/certs/ca.crt", "-----BEGIN CERTIFICATE-----\nCLIENTS-CA\n-----END CERTIFICATE-----\n");
        var build = StackBuild.Build(StackBuild.Config(), project.Directory);

        Assert.DoesNotContain("listener 8883", build.File("mosquitto", Conf).Text);
        Assert.DoesNotContain(build.Files(build.Container("mosquitto")), f => f.Path == Ca);
    }
}
