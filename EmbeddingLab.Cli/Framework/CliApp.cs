using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli;

/// <summary>
/// Builds the System.CommandLine tree from every <see cref="CliCommand"/> in this assembly, parses, runs, and turns
/// parse errors and user errors into one sentence on stderr with exit code 2 (never a stack trace).
/// </summary>
public static class CliApp
{
    public const string Title = "EmbeddingLab.Cli — train, inspect and project embeddings from a terminal.";

    /// <summary>A fresh instance of every command (options are per instance), ordered by name.</summary>
    public static IReadOnlyList<CliCommand> CreateCommands() => typeof(CliApp).Assembly.GetTypes()
        .Where(t => typeof(CliCommand).IsAssignableFrom(t) && t is { IsAbstract: false })
        .Select(t => (CliCommand)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToList();

    public static int Run(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var commands = CreateCommands();
        var root = BuildRoot(commands, console, cancellationToken);
        var invocation = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
        if (args.Length == 0)
        {
            root.Parse(["--help"], Parser).Invoke(invocation);
            return 2;
        }

        var parsed = root.Parse(args, Parser);
        if (parsed.Action is HelpAction) return parsed.Invoke(invocation);
        if (FirstError(parsed, commands) is { } error)
        {
            console.Error.WriteLine(error);
            return 2;
        }
        try
        {
            return parsed.Invoke(invocation);
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

    /// <summary>"@file" is a key or a path here, not a response file.</summary>
    private static readonly ParserConfiguration Parser = new() { ResponseFileTokenReplacer = null };

    private static RootCommand BuildRoot(IReadOnlyList<CliCommand> commands, CliConsole console, CancellationToken cancellationToken)
    {
        var root = new RootCommand(Title);
        foreach (var command in commands)
        {
            var sub = new Command(command.Name, command.Description);
            foreach (var option in command.Options()) sub.Add(option);
            sub.SetAction(parsed => command.Run(new CliContext(parsed, console, cancellationToken)));
            root.Add(sub);
        }
        return root;
    }

    /// <summary>
    /// The one sentence to print for a bad command line, or null. Order: unknown command, a malformed value (in option
    /// order), a missing required option, then unknown options or stray arguments — the parser's own command-level
    /// messages are replaced by ours.
    /// </summary>
    private static string? FirstError(ParseResult parsed, IReadOnlyList<CliCommand> commands)
    {
        if (parsed.Errors.Count == 0) return null;
        if (parsed.CommandResult.Command is RootCommand)
        {
            var word = parsed.UnmatchedTokens.FirstOrDefault();
            return word is null
                ? $"Give a command: {string.Join(", ", commands.Select(c => c.Name))} (--help lists them)."
                : $"Unknown command \"{word}\"; commands are {string.Join(", ", commands.Select(c => c.Name))}.";
        }
        // A malformed value comes from an option typed on the line (the parser's "required" errors sit on untyped
        // ones); report the one declared first.
        var options = parsed.CommandResult.Command.Options;
        var valueError = parsed.Errors
            .Select(e => (Error: e, Option: e.SymbolResult switch
            {
                OptionResult { IdentifierTokenCount: > 0 } o => o.Option,
                ArgumentResult { Parent: OptionResult { IdentifierTokenCount: > 0 } o } => o.Option,
                _ => null,
            }))
            .Where(x => x.Option is not null)
            .OrderBy(x => options.IndexOf(x.Option!))
            .Select(x => x.Error)
            .FirstOrDefault();
        if (valueError is not null) return valueError.Message;
        foreach (var option in options)
            if (option.Required && parsed.GetResult(option) is not { IdentifierTokenCount: > 0 }) return $"Option {option.Name} is required.";
        var unknown = parsed.UnmatchedTokens.Where(t => t.StartsWith("--", StringComparison.Ordinal) && t.Length > 2).ToList();
        if (unknown.Count > 0) return $"Unknown option{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)}.";
        if (parsed.UnmatchedTokens.Count > 0) return $"Unexpected argument \"{parsed.UnmatchedTokens[0]}\"; options look like --name value.";
        return parsed.Errors[0].Message;
    }

    private static bool IsUserError(Exception e) => e is CliException or VectorFormatException or FormatException or KeyNotFoundException
        or FileNotFoundException or DirectoryNotFoundException or ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException
        or EmbeddingLab.Core.Encoding.Onnx.OnnxRuntimeException or EmbeddingLab.Core.Encoding.Hub.ModelDownloadException;

    private static string OneSentence(Exception e)
    {
        var message = e is KeyNotFoundException ? e.Message.Trim('"', '\'') : e.Message;
        return message.ReplaceLineEndings(" ").Trim();
    }
}
