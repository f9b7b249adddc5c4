using System.CommandLine;
using EmbeddingLab.Cli.Progress;

namespace EmbeddingLab.Cli;

/// <summary>What a running command sees: its option values, where to write, cancellation and progress.</summary>
public sealed class CliContext(ParseResult parseResult, CliConsole console, CancellationToken cancellationToken)
{
    public CliConsole Console { get; } = console;
    public TextWriter Out => Console.Out;
    public TextWriter Error => Console.Error;
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The option's value, or its default when it was not given (null for options without one).</summary>
    public T? Get<T>(Option<T> option) => parseResult.GetValue(option);

    /// <summary>The value of an option declared with required: true (the parser has already rejected its absence).</summary>
    public T Required<T>(Option<T> option) => parseResult.GetValue(option) ?? throw new CliException($"Option {option.Name} is required.");

    /// <summary>Whether the option was typed on the command line (as opposed to taking its default).</summary>
    public bool Has(Option option) => parseResult.GetResult(option) is { Implicit: false };

    /// <summary>How long work shows progress on stderr: live on a terminal, nothing otherwise or with --json.</summary>
    public CliProgress Progress(bool json) => CliProgress.For(Console, json);

    /// <summary>Whether status lines (not results, not errors) go to stderr: only for a person at a terminal, never with --json.</summary>
    public bool ShowsStatus(bool json) => !json && Console.ErrorIsTerminal;
}
