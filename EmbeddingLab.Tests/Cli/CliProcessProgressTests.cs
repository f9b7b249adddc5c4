using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EmbeddingLab.Cli;
using EmbeddingLab.Tests.Infrastructure;

namespace EmbeddingLab.Tests.Cli;

/// <summary>A small corpus, its analogy questions and vectors trained on it, written once for the process tests.</summary>
public sealed class CliProcessInputs : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("cli-process-progress-").FullName;
    public string Corpus => Path.Combine(Dir, "corpus.txt");
    public string Questions => Path.Combine(Dir, "questions.txt");
    public string Vectors => Path.Combine(Dir, "vectors.bin");

    public CliProcessInputs()
    {
        var quiet = new CliConsole(TextWriter.Null, TextWriter.Null);
        Assert.Equal(0, CliApp.Run(["teaching-corpus", "--out", Corpus, "--questions", Questions, "--sentences-per-word", "8"], quiet));
        Assert.Equal(0, CliApp.Run(["train", "--corpus", Corpus, "--vector-size", "16", "--min-count", "1", "--epochs", "1", "--threads", "1",
            "--out", Vectors], quiet));
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>
/// The long commands run as a real process with stderr redirected (a pipe, as in a script or CI log): stderr stays
/// empty — no bar, no final figures, no status line — with and without --json, and stdout is what the command prints
/// in process (timings aside): progress never leaks into results.
/// </summary>
public sealed class CliProcessProgressTests(CliProcessInputs inputs) : IClassFixture<CliProcessInputs>
{
    private static string CliDll => Path.Combine(RepoPaths.Root, "EmbeddingLab.Cli", "bin", RepoPaths.Configuration, "net10.0", "EmbeddingLab.Cli.dll");

    private string[] Args(string command) => command switch
    {
        "train" => ["train", "--corpus", inputs.Corpus, "--vector-size", "16", "--min-count", "1", "--epochs", "2", "--threads", "1",
            "--out", Path.Combine(inputs.Dir, "trained.bin")],
        "project" => ["project", "--vectors", inputs.Vectors, "--method", "tsne", "--perplexity", "5", "--iterations", "250",
            "--out", Path.Combine(inputs.Dir, "coords.tsv")],
        "encode" => ["encode", "--encoder", "tfidf", "--input", inputs.Corpus, "--out", Path.Combine(inputs.Dir, "sentences.npy")],
        "evaluate-analogies" => ["evaluate-analogies", "--vectors", inputs.Vectors, "--questions", inputs.Questions],
        _ => throw new ArgumentException(command),
    };

    private static (int Code, string Out, string Err) RunProcess(string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [CliDll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    private static string InProcess(string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.True(CliApp.Run(args, new CliConsole(stdout, stderr)) == 0, stderr.ToString());
        return stdout.ToString();
    }

    /// <summary>stdout without what changes from run to run: elapsed times and speeds.</summary>
    private static string WithoutTimings(string stdout, bool json)
    {
        if (!json) return Regex.Replace(stdout.ReplaceLineEndings("\n"), @"\d[\d,]*(\.\d+)? (s|words/s)\b", "<time> $2");
        var lines = stdout.TrimEnd().Split('\n');
        var last = JsonNode.Parse(lines[^1])!.AsObject();
        last.Remove("seconds");
        last.Remove("words_per_second");
        return string.Join("\n", lines[..^1]) + "\n" + last.ToJsonString();
    }

    [Theory]
    [InlineData("train", false)]
    [InlineData("train", true)]
    [InlineData("project", false)]
    [InlineData("project", true)]
    [InlineData("encode", false)]
    [InlineData("encode", true)]
    [InlineData("evaluate-analogies", false)]
    [InlineData("evaluate-analogies", true)]
    public void With_stderr_redirected_a_long_command_writes_nothing_on_stderr_and_only_its_result_on_stdout(string command, bool json)
    {
        string[] args = json ? [.. Args(command), "--json"] : Args(command);
        var (code, stdout, stderr) = RunProcess(args);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Equal("", stderr);
        Assert.NotEqual("", stdout.Trim());
        if (json) JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]).Dispose(); // the last line is the JSON object
        Assert.Equal(WithoutTimings(InProcess(args), json), WithoutTimings(stdout, json));
    }
}
