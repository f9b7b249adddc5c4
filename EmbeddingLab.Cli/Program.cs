using EmbeddingLab.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
return CliApp.Run(args, new CliConsole(Console.Out, Console.Error), cancel.Token);
