namespace Infra.Engine.Providers;

/// <summary>A provider that can say which of its package's types it handles, so a state entry of another type is refused before a plan.</summary>
public interface IResourceTypes
{
    bool Handles(string type);
}
