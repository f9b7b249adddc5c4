using EmbeddingLab.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
// Live progress only when a person watches stderr; logs and pipes get errors only.
var console = new CliConsole(Console.Out, Console.Error) { ErrorIsTerminal = !Console.IsErrorRedirected };
return CliApp.Run(args, console, cancel.Token);
