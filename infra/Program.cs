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
// First, on its own thread: the passphrase key derivation is the slowest step of opening a stack.
_ = EarlyKeyDerivation.Start(args, environment);
return await CliApp.RunAsync(args, environment, SeedComposition.Create(), cancel.Token);
