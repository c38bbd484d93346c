using Infra.Engine.Model;
using Infra.Engine.Planning;
using Infra.Engine.State;

namespace Infra.Providers.Tests.Fixtures;

/// <summary>Finds a resource's step or state by its logical name, skipping the stack root.</summary>
public static class PlanQueries
{
    public static PlanStep Of(this Plan plan, string name) => plan.Steps.Single(s => s.Name == name && s.Type != StackRoot.TypeToken);

    public static ResourceState Of(this StackSnapshot snapshot, string name) => snapshot.Resources.Single(r => r.Name == name && r.Type != StackRoot.TypeToken);
}
