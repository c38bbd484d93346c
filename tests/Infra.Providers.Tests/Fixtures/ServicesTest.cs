namespace Infra.Providers.Tests.Fixtures;

/// <summary>Base of integration tests: makes sure dockerd, sshd and the test image are up first.</summary>
public abstract class ServicesTest : IAsyncLifetime
{
    public virtual Task InitializeAsync() => TestServices.EnsureAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
