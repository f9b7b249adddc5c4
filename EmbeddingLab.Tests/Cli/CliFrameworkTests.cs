using System.Text.Json;
using EmbeddingLab.Cli;
using EmbeddingLab.Cli.Progress;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Tests.Infrastructure;

namespace EmbeddingLab.Tests.Cli;

/// <summary>The System.CommandLine front: generated help, messages for bad option values, --sg, and progress on stderr.</summary>
public sealed class CliFrameworkTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cli-framework-");
    public void Dispose() => _dir.Delete(true);

    private static (int Code, string Out, string Err) Run(CliConsole? console, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, (console ?? new CliConsole(stdout, stderr)) with { Out = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => Run(null, args);

    public static TheoryData<string> CommandNames() => [.. CliApp.CreateCommands().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Every_command_has_generated_help_listing_all_its_options(string name)
    {
        foreach (var flag in new[] { "--help", "-h" })
        {
            var (code, output, err) = Run(name, flag);
            Assert.Equal(0, code);
            Assert.Equal("", err);
            Assert.Contains("Usage:", output);
            Assert.Contains($" {name} [options]", output);
            var command = CliApp.CreateCommands().Single(c => c.Name == name);
            Assert.Contains(command.Description, output);
            foreach (var option in command.Options()) Assert.Contains(option.Name, output);
        }
    }

    [Fact]
    public void Help_shows_defaults_choices_and_required_options()
    {
        var (_, output, _) = Run("train", "--help");
        Assert.Matches(@"--sg <0\|1>\s+gensim's switch", output);
        Assert.Matches(@"--window <N>\s+.*\[default: 5\]", output);
        Assert.Matches(@"--out <FILE> \(REQUIRED\)", output);
        Assert.Matches(@"--format <word2vec-binary\|word2vec-text>.*\[default: word2vec-binary\]", output);
    }

    [Fact]
    public void Without_arguments_the_command_list_is_printed_with_exit_2()
    {
        var (code, output, _) = Run();
        Assert.Equal(2, code);
        foreach (var c in CliApp.CreateCommands()) Assert.Contains(c.Name, output);
        (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("neighbors", output);
    }

    [Theory]
    [InlineData("--key", "Option --key needs a value.")]
    [InlineData("--key a --key b", "Option --key is given twice.")]
    [InlineData("--key a stray", "Unexpected argument \"stray\"; options look like --name value.")]
    [InlineData("--key a --top 3.5", "Option --top needs a whole number, found \"3.5\".")]
    [InlineData("--key a --top 0", "Option --top must be between 1 and 100000, found 0.")]
    [InlineData("--key a --json maybe", "Unexpected argument \"maybe\"; options look like --name value.")]
    [InlineData("--key a --format csv", "Option --format must be word2vec-text, word2vec-binary or glove; found \"csv\".")]
    [InlineData("--key a --topp 3 --sort", "Unknown options --topp, --sort.")]
    public void Missing_or_malformed_values_are_named_in_one_sentence(string arguments, string message)
    {
        var (code, output, err) = Run(["neighbors", "--vectors", RepoPaths.TestData("vectors", "gensim.bin"), .. arguments.Split(' ')]);
        Assert.Equal(2, code);
        Assert.Equal(message, err.TrimEnd());
        Assert.Equal("", output);
    }

    [Fact]
    public void Values_may_follow_an_equals_sign_and_switches_take_true_or_false()
    {
        var (code, output, err) = Run("neighbors", $"--vectors={RepoPaths.TestData("vectors", "gensim.bin")}", "--key=w0", "--top=3", "--json", "false");
        Assert.True(code == 0, err);
        Assert.StartsWith("Nearest to \"w0\"", output);
        Assert.Equal(4, output.TrimEnd().Split('\n').Length);
    }

    private string Corpus()
    {
        var corpus = Path.Combine(_dir.FullName, "corpus.txt");
        File.WriteAllLines(corpus, Enumerable.Range(0, 200).Select(i => $"w{i % 7} w{(i + 1) % 7} w{(i + 3) % 7} w{i % 5}"));
        return corpus;
    }

    [Theory]
    [InlineData(new string[0], "skip-gram")]
    [InlineData(new[] { "--sg", "1" }, "skip-gram")]
    [InlineData(new[] { "--sg", "0" }, "cbow")]
    [InlineData(new[] { "--cbow" }, "cbow")]
    [InlineData(new[] { "--cbow", "--sg", "0" }, "cbow")]
    public void Train_sg_is_gensims_switch_beside_cbow(string[] model, string expected)
    {
        var (code, output, err) = Run(["train", "--corpus", Corpus(), "--vector-size", "8", "--min-count", "1", "--epochs", "1", "--threads", "1",
            "--out", Path.Combine(_dir.FullName, "v.bin"), "--json", .. model]);
        Assert.True(code == 0, err);
        Assert.Equal(expected, JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement.GetProperty("model").GetString());
        Assert.Equal("", err); // --json: no corpus line, no progress
    }

    [Theory]
    [InlineData(new[] { "--cbow", "--sg", "1" }, "Options --cbow and --sg 1 contradict each other")]
    [InlineData(new[] { "--sg", "2" }, "Option --sg must be one of 0, 1; found \"2\".")]
    public void Contradictory_or_bad_sg_is_an_error(string[] model, string message)
    {
        var (code, _, err) = Run(["train", "--corpus", Corpus(), "--out", Path.Combine(_dir.FullName, "v.bin"), .. model]);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Not_a_terminal_train_writes_nothing_on_stderr_but_a_terminal_gets_the_corpus_line_and_the_bar()
    {
        var (code, output, err) = Run("train", "--corpus", Corpus(), "--vector-size", "8", "--min-count", "1", "--epochs", "3", "--threads", "1",
            "--out", Path.Combine(_dir.FullName, "v.bin"));
        Assert.True(code == 0, err);
        Assert.Equal("", err); // a log or pipe reads stderr for errors only
        Assert.StartsWith("Trained skip-gram on ", output);

        var terminal = new CliConsole(TextWriter.Null, new StringWriter()) { ErrorIsTerminal = true };
        (code, _, err) = Run(terminal, "train", "--corpus", Corpus(), "--vector-size", "8", "--min-count", "1", "--epochs", "3", "--threads", "1",
            "--out", Path.Combine(_dir.FullName, "v.bin"));
        Assert.True(code == 0, err);
        Assert.StartsWith("Corpus: 200 sentences", err);
        Assert.Contains("\u001b[", err);
        Assert.Contains("epoch 3/3", err);
    }

    [Fact]
    public void On_a_terminal_project_draws_a_live_spectre_bar_on_stderr_and_json_still_ends_stdout()
    {
        var vectors = Path.Combine(_dir.FullName, "v.txt");
        VectorFile.Write(EmbeddingLab.Core.Data.SyntheticClusters.Generate(60, 5, 3, seed: 1), vectors, VectorFileFormat.Word2VecText);
        var terminal = new CliConsole(TextWriter.Null, TextWriter.Null) { ErrorIsTerminal = true };
        var (code, output, err) = Run(terminal, "project", "--vectors", vectors, "--method", "tsne", "--perplexity", "5", "--iterations", "250",
            "--out", Path.Combine(_dir.FullName, "c.tsv"));
        Assert.True(code == 0, err);
        Assert.Contains("\u001b[", err); // ANSI: drawn and redrawn in place
        Assert.Contains("t-SNE", err);
        Assert.Contains("100%", err);
        Assert.StartsWith("TSNE of 60 vectors", output);

        (code, output, err) = Run(terminal, "project", "--vectors", vectors, "--method", "pca", "--out", Path.Combine(_dir.FullName, "c.tsv"), "--json");
        Assert.True(code == 0, err);
        Assert.Equal("", err); // --json: quiet even on a terminal
        Assert.Equal("pca", JsonDocument.Parse(output.Trim()).RootElement.GetProperty("method").GetString());
    }

    [Fact]
    public void Progress_modes_follow_the_console_and_json()
    {
        static string Render(CliConsole console, bool json)
        {
            var progress = CliProgress.For(console, json);
            int result = progress.Run("Work", p =>
            {
                for (int i = 1; i <= 4; i++) p.Report(new ProgressFigures(i / 4.0, $"step {i} of 4 <b>[x]</b>"));
                return 42;
            });
            Assert.Equal(42, result);
            return console.Error.ToString()!;
        }

        Assert.Equal("", Render(new CliConsole(TextWriter.Null, new StringWriter()), json: true));
        Assert.Equal("", Render(new CliConsole(TextWriter.Null, new StringWriter()) { ErrorIsTerminal = true }, json: true));
        Assert.Equal("", Render(new CliConsole(TextWriter.Null, new StringWriter()), json: false)); // not a terminal: quiet
        var live = Render(new CliConsole(TextWriter.Null, new StringWriter()) { ErrorIsTerminal = true }, json: false);
        Assert.Contains("\u001b[", live);
        Assert.Contains("step 4 of 4 <b>[x]</b>", live); // data text is escaped for Spectre markup, shown literally
    }

    [Fact]
    public void A_failure_inside_progress_still_ends_with_one_sentence()
    {
        var progress = CliProgress.For(new CliConsole(TextWriter.Null, new StringWriter()) { ErrorIsTerminal = true }, json: false);
        var e = Assert.Throws<InvalidDataException>(() => progress.Run<int>("Work", _ => throw new InvalidDataException("bad line 3.")));
        Assert.Equal("bad line 3.", e.Message);
    }
}
