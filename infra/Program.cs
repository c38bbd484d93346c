using Infra.Cli;
using Infra.Cli.Composition;
using Infra.Cli.Sessions;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C: start nothing new, let running steps finish and save the state. Second: leave at once.
    if (cancel.IsCancellationRequested) return;
    e.Cancel = true;
    Console.Error.WriteLine("\ncancelling: no new step will start; waiting for running steps to finish (Ctrl-C again to abort)");
    cancel.Cancel();
};
var environment = CliEnvironment.FromProcess();
// First, in the background: the slowest steps of opening a stack (the passphrase key derivation; an ssh:// backend's login).
_ = EarlyKeyDerivation.Start(args, environment);
_ = EarlyBackend.Start(args, environment);
try
{
    return await CliApp.RunAsync(args, environment, SeedComposition.Create(), cancel.Token);
}
finally
{
    await EarlyBackend.CloseUnusedAsync();
}
