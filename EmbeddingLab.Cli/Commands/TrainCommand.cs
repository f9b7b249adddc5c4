using System.Globalization;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>train (--playlists FILE [--songs FILE] | --corpus FILE) [--cbow] …</c>: word2vec on yes.com playlists or a text corpus,
/// saved in word2vec binary/text (keys = song ids or tokens) with song metadata in a TSV alongside.
/// </summary>
public sealed class TrainCommand : ICliCommand
{
    public string Name => "train";

    public string Usage =>
        "train (--playlists FILE [--songs FILE] [--lenient] | --corpus FILE) [--cbow] [--vector-size 100] [--window 5] [--negative 5] " +
        "[--min-count 5] [--epochs 5] [--threads N] [--seed 1] [--sample 0.001] [--alpha 0.025] [--min-alpha 0.0001] " +
        "--out FILE [--format word2vec-binary|word2vec-text] [--json]   word2vec (skip-gram, or CBOW with --cbow) on playlists or text";

    public int Run(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var playlists = args.Optional("playlists");
        var corpusPath = args.Optional("corpus");
        var songs = args.Optional("songs");
        bool lenient = args.Flag("lenient");
        bool cbow = args.Flag("cbow");
        bool sgFlag = args.Flag("sg");
        var defaults = new Word2VecOptions();
        var options = new Word2VecOptions
        {
            Sg = !cbow,
            VectorSize = args.Int("vector-size", defaults.VectorSize, 1, 10_000),
            Window = args.Int("window", defaults.Window, 1, 1_000),
            Negative = args.Int("negative", defaults.Negative, 1, 1_000),
            MinCount = args.Int("min-count", defaults.MinCount, 1),
            Epochs = args.Int("epochs", defaults.Epochs, 1, 10_000),
            Workers = args.Int("threads", Math.Clamp(Environment.ProcessorCount, 1, 8), 1, 256),
            Seed = args.Int("seed", defaults.Seed),
            Sample = args.Double("sample", defaults.Sample, 0),
            Alpha = args.Double("alpha", defaults.Alpha, double.Epsilon, 10),
            MinAlpha = args.Double("min-alpha", defaults.MinAlpha, 0, 10),
        };
        var output = args.Required("out");
        var formatName = args.Choice("format", "word2vec-binary", "word2vec-binary", "word2vec-text");
        bool json = args.Flag("json");
        args.EnsureAllUsed();

        if (cbow && sgFlag) throw new CliException("Options --cbow and --sg exclude each other; give one.");
        if ((playlists is null) == (corpusPath is null)) throw new CliException("Give exactly one input: --playlists FILE or --corpus FILE.");
        if (songs is not null && playlists is null) throw new CliException("Option --songs goes with --playlists (song metadata for the playlist ids).");
        if (options.MinAlpha > options.Alpha) throw new CliException($"Option --min-alpha ({options.MinAlpha}) must not exceed --alpha ({options.Alpha}).");
        foreach (var (name, path) in new[] { ("playlists", playlists), ("corpus", corpusPath), ("songs", songs) })
            if (path is not null && !File.Exists(path)) throw new CliException($"File \"{path}\" given to --{name} does not exist.");
        var outDir = Path.GetDirectoryName(Path.GetFullPath(output));
        if (outDir is not null && !Directory.Exists(outDir)) throw new CliException($"The folder of --out \"{output}\" does not exist.");
        var format = formatName == "word2vec-text" ? VectorFileFormat.Word2VecText : VectorFileFormat.Word2VecBinary;
        try { options.Validate(); }
        catch (ArgumentException e) { throw new CliException(e.Message); }

        // Read the whole input (and report bad lines) before the progress bar starts.
        var stats = new PlaylistReadStats();
        Word2VecCorpus corpus;
        if (playlists is not null)
        {
            var read = YesPlaylistLoader.ReadPlaylists(playlists, new PlaylistReadOptions { Lenient = lenient }, stats, cancellationToken);
            corpus = Word2VecCorpus.Build(YesPlaylistLoader.AsSentences(read), options.MinCount, null, cancellationToken);
        }
        else corpus = Word2VecCorpus.Build(Word2VecCorpus.ReadTextLines(corpusPath!), options.MinCount, null, cancellationToken);
        SongCatalog? catalog = songs is null ? null
            : YesPlaylistLoader.ReadSongs(songs, options: new PlaylistReadOptions { Lenient = lenient }, stats: stats, cancellationToken: cancellationToken);
        if (corpus.Words.Count == 0)
            throw new CliException($"No token occurs at least --min-count {options.MinCount} times in the input, so there is nothing to train.");
        if (!json)
        {
            console.Error.WriteLine($"Corpus: {corpus.SentenceCount:N0} {(playlists is null ? "sentences" : "playlists")}, {corpus.TokenCount:N0} tokens, vocabulary {corpus.Words.Count:N0}" +
                (stats.DroppedShort > 0 ? $", {stats.DroppedShort:N0} playlists under 2 songs dropped" : "") +
                (stats.BadLines > 0 ? $", {stats.BadLines:N0} bad lines skipped (first: {stats.FirstProblem})" : "") + ".");
        }

        var bar = json ? null : new ProgressBar(console.Error);
        var result = Word2Vec.Train(corpus, options, bar, cancellationToken);
        bar?.Finish();

        EmbeddingSet vectors = catalog is null ? result.Vectors : catalog.Annotate(result.Vectors);
        SongVectorFiles.Save(vectors, output, format);

        if (json)
        {
            console.WriteJson(new
            {
                tokens = result.ProcessedTokens,
                trained_tokens = result.TrainedTokens,
                epochs = result.Epochs,
                seconds = Math.Round(result.Seconds, 3),
                words_per_second = Math.Round(result.WordsPerSecond, 1),
                vocab_size = result.Vectors.Count,
                sentences = result.Sentences,
                vector_size = options.VectorSize,
                model = options.Sg ? "skip-gram" : "cbow",
                loss = Math.Round(result.FinalLoss, 4),
                bad_lines = stats.BadLines,
                out_file = output,
                metadata_file = vectors.Metadata.Count > 0 ? SongVectorFiles.MetadataPath(output) : null,
            });
        }
        else
        {
            console.Out.WriteLine($"Trained {(options.Sg ? "skip-gram" : "CBOW")} on {result.ProcessedTokens:N0} tokens ({result.Epochs} epochs) in {result.Seconds:F1} s, " +
                $"{result.WordsPerSecond:N0} words/s; {result.Vectors.Count:N0} vectors × {options.VectorSize} saved to {output}" +
                (vectors.Metadata.Count > 0 ? $" (metadata: {SongVectorFiles.MetadataPath(output)})." : "."));
        }
        return 0;
    }

    /// <summary>A one-line progress bar on stderr, redrawn at most a few times a second.</summary>
    private sealed class ProgressBar(TextWriter writer) : IProgress<Word2VecProgress>
    {
        private int _lastLength;

        public void Report(Word2VecProgress p)
        {
            const int width = 30;
            int filled = (int)Math.Round(p.Fraction * width);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"\r[{new string('#', filled)}{new string('.', width - filled)}] {p.Fraction,4:P0} epoch {p.Epoch}/{p.Epochs}  {p.WordsPerSecond,12:N0} words/s  ETA {p.Eta:mm\\:ss}  loss {p.Loss:F3}");
            lock (this)
            {
                writer.Write(line.PadRight(_lastLength));
                _lastLength = line.Length;
                writer.Flush();
            }
        }

        public void Finish()
        {
            lock (this) { if (_lastLength > 0) writer.WriteLine(); }
        }
    }
}
