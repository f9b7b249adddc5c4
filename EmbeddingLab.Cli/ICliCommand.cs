namespace EmbeddingLab.Cli;

/// <summary>
/// One sub-command. Commands are discovered by reflection, so adding one means adding one file in Commands/.
/// Read every option first, call <see cref="CliArgs.EnsureAllUsed"/>, then work.
/// </summary>
public interface ICliCommand
{
    /// <summary>The word typed after the program name, e.g. "neighbors".</summary>
    string Name { get; }

    /// <summary>Usage line and one sentence of what it does, for --help.</summary>
    string Usage { get; }

    /// <returns>The process exit code.</returns>
    int Run(CliArgs args, CliConsole console, CancellationToken cancellationToken);
}

/// <summary>Where a command writes: stdout for results, stderr for progress and errors. Tests pass string writers.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    /// <summary>Writes the one JSON object that scripts read as the last line of output.</summary>
    public void WriteJson<T>(T value) => Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(value, JsonOptions));

    public static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
