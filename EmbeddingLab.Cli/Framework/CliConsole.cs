namespace EmbeddingLab.Cli;

/// <summary>
/// Where a command writes: stdout for results, stderr for progress and errors. Tests pass string writers;
/// <see cref="ErrorIsTerminal"/> says whether stderr is a terminal (live progress) — Program sets it from the console.
/// </summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    public bool ErrorIsTerminal { get; init; }

    /// <summary>Writes the one JSON object that scripts read as the last line of output.</summary>
    public void WriteJson<T>(T value) => Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(value, JsonOptions));

    public static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
