using System.Reflection;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli;

/// <summary>Finds the sub-command, runs it, and turns user errors into one sentence on stderr with a non-zero exit.</summary>
public static class CliApp
{
    public static IReadOnlyList<ICliCommand> Commands { get; } = typeof(CliApp).Assembly.GetTypes()
        .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToList();

    public static int Run(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            console.Out.WriteLine("EmbeddingLab.Cli — train, inspect and project embeddings from a terminal.");
            console.Out.WriteLine();
            foreach (var c in Commands) console.Out.WriteLine("  " + c.Usage);
            return args.Length == 0 ? 2 : 0;
        }
        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            console.Error.WriteLine($"Unknown command \"{args[0]}\"; commands are {string.Join(", ", Commands.Select(c => c.Name))}.");
            return 2;
        }
        try
        {
            if (args.Skip(1).Any(a => a is "--help" or "-h"))
            {
                console.Out.WriteLine(command.Usage);
                return 0;
            }
            return command.Run(new CliArgs(args.Skip(1)), console, cancellationToken);
        }
        catch (Exception e) when (IsUserError(e))
        {
            console.Error.WriteLine(OneSentence(e));
            return 2;
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine("Cancelled.");
            return 130;
        }
        catch (Exception e)
        {
            // Not a user error: still one sentence, never a stack trace.
            console.Error.WriteLine($"Unexpected error: {OneSentence(e)}");
            return 1;
        }
    }

    private static bool IsUserError(Exception e) => e is CliException or VectorFormatException or EmbeddingLab.Core.Storage.WorkspaceQuotaException or FormatException or KeyNotFoundException
        or FileNotFoundException or DirectoryNotFoundException or ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException
        or EmbeddingLab.Core.Encoding.Onnx.OnnxRuntimeException or EmbeddingLab.Core.Encoding.Hub.ModelDownloadException;

    private static string OneSentence(Exception e)
    {
        var message = e is KeyNotFoundException ? e.Message.Trim('"', '\'') : e.Message;
        return message.ReplaceLineEndings(" ").Trim();
    }
}
