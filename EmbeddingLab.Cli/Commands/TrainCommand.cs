using System.CommandLine;
using System.Globalization;
using EmbeddingLab.Cli.Progress;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>train (--playlists FILE [--songs FILE] | --corpus FILE) [--cbow | --sg 0|1] …</c>: word2vec on yes.com playlists or a text corpus,
/// saved in word2vec binary/text (keys = song ids or tokens) with song metadata in a TSV alongside.
/// </summary>
public sealed class TrainCommand() : CliCommand("train", "word2vec (skip-gram, or CBOW with --cbow or --sg 0) on playlists or a text corpus.")
{
    private static readonly Word2VecOptions Defaults = new();

    private readonly Option<string> _playlists = CliOptions.ExistingFile("--playlists", "yes.com playlists (train.txt: two header lines, then song ids a line)");
    private readonly Option<string> _songs = CliOptions.ExistingFile("--songs", "yes.com song_hash.txt (id, title, artist) saved as metadata beside the vectors");
    private readonly Option<bool> _lenient = CliOptions.Flag("--lenient", "skip bad playlist/song lines instead of stopping at the first");
    private readonly Option<string> _corpus = CliOptions.ExistingFile("--corpus", "text corpus, one sentence a line, whitespace-separated tokens");
    private readonly Option<bool> _phrases = CliOptions.Flag("--phrases", "join collocations into one token first (gensim Phrases: united states → united_states); --corpus only");
    private readonly Option<double> _phraseThreshold = CliOptions.Double("--phrase-threshold", "gensim Phrases threshold: a bigram joins when its score is above it", 10, double.MinValue);
    private readonly Option<int> _phraseMinCount = CliOptions.Int("--phrase-min-count", "gensim Phrases min_count", 5, 0);
    private readonly Option<bool> _cbow = CliOptions.Flag("--cbow", "CBOW instead of skip-gram (same as --sg 0)");
    private readonly Option<string> _sg = CliOptions.Choice("--sg", "gensim's switch: 1 = skip-gram (default), 0 = CBOW", null, "0", "1");
    private readonly Option<int> _vectorSize = CliOptions.Int("--vector-size", "dimensions (gensim vector_size)", Defaults.VectorSize, 1, 10_000);
    private readonly Option<int> _window = CliOptions.Int("--window", "context window (gensim window)", Defaults.Window, 1, 1_000);
    private readonly Option<int> _negative = CliOptions.Int("--negative", "noise words per positive (gensim negative)", Defaults.Negative, 1, 1_000);
    private readonly Option<int> _minCount = CliOptions.Int("--min-count", "drop tokens rarer than this (gensim min_count)", Defaults.MinCount, 1);
    private readonly Option<int> _epochs = CliOptions.Int("--epochs", "passes over the corpus (gensim epochs)", Defaults.Epochs, 1, 10_000);
    private readonly Option<int> _threads = CliOptions.Int("--threads", "worker threads (gensim workers)", Math.Clamp(Environment.ProcessorCount, 1, 8), 1, 256);
    private readonly Option<int> _seed = CliOptions.Int("--seed", "random seed (gensim seed)", Defaults.Seed);
    private readonly Option<double> _sample = CliOptions.Double("--sample", "down-sampling threshold of frequent tokens (gensim sample)", Defaults.Sample, 0);
    private readonly Option<double> _alpha = CliOptions.Double("--alpha", "initial learning rate (gensim alpha)", Defaults.Alpha, double.Epsilon, 10);
    private readonly Option<double> _minAlpha = CliOptions.Double("--min-alpha", "final learning rate (gensim min_alpha)", Defaults.MinAlpha, 0, 10);
    private readonly Option<string> _out = CliOptions.OutputFile("--out", "where to write the vectors");
    private readonly Option<string> _format = CliOptions.Choice("--format", "vector file format", "word2vec-binary", "word2vec-binary", "word2vec-text");
    private readonly Option<bool> _json = CliOptions.Json();

    protected internal override int Run(CliContext c)
    {
        var playlists = c.Get(_playlists);
        var corpusPath = c.Get(_corpus);
        var songs = c.Get(_songs);
        bool lenient = c.Get(_lenient);
        bool cbow = c.Get(_cbow);
        string? sg = c.Get(_sg);
        if (cbow && sg == "1") throw new CliException("Options --cbow and --sg 1 contradict each other; give one (--sg 0 is CBOW).");
        var options = new Word2VecOptions
        {
            Sg = !(cbow || sg == "0"),
            VectorSize = c.Get(_vectorSize),
            Window = c.Get(_window),
            Negative = c.Get(_negative),
            MinCount = c.Get(_minCount),
            Epochs = c.Get(_epochs),
            Workers = c.Get(_threads),
            Seed = c.Get(_seed),
            Sample = c.Get(_sample),
            Alpha = c.Get(_alpha),
            MinAlpha = c.Get(_minAlpha),
        };
        var output = c.Required(_out);
        bool json = c.Get(_json);

        if ((playlists is null) == (corpusPath is null)) throw new CliException("Give exactly one input: --playlists FILE or --corpus FILE.");
        bool phrases = c.Get(_phrases);
        if (phrases && corpusPath is null) throw new CliException("Option --phrases goes with --corpus (phrases are detected in text).");
        // Phrase settings without --phrases would be ignored silently: the user meant phrases, so say so.
        if (!phrases && (c.Has(_phraseThreshold) || c.Has(_phraseMinCount)))
            throw new CliException("Options --phrase-threshold and --phrase-min-count go with --phrases (they set how phrases are detected); add --phrases.");
        if (songs is not null && playlists is null) throw new CliException("Option --songs goes with --playlists (song metadata for the playlist ids).");
        if (options.MinAlpha > options.Alpha) throw new CliException($"Option --min-alpha ({options.MinAlpha}) must not exceed --alpha ({options.Alpha}).");
        var outDir = Path.GetDirectoryName(Path.GetFullPath(output));
        if (outDir is not null && !Directory.Exists(outDir)) throw new CliException($"The folder of --out \"{output}\" does not exist.");
        var format = c.Get(_format) == "word2vec-text" ? VectorFileFormat.Word2VecText : VectorFileFormat.Word2VecBinary;
        try { options.Validate(); }
        catch (ArgumentException e) { throw new CliException(e.Message); }

        // Read the whole input (and report bad lines) before the progress bar starts.
        var stats = new PlaylistReadStats();
        Word2VecCorpus corpus;
        if (playlists is not null)
        {
            var read = YesPlaylistLoader.ReadPlaylists(playlists, new PlaylistReadOptions { Lenient = lenient }, stats, c.CancellationToken);
            corpus = Word2VecCorpus.Build(YesPlaylistLoader.AsSentences(read), options.MinCount, null, c.CancellationToken);
        }
        else if (phrases)
        {
            var sentences = Word2VecCorpus.ReadTextLines(corpusPath!).ToList();
            var phraseModel = Phrases.Learn(sentences, new PhrasesOptions { Threshold = c.Get(_phraseThreshold), MinCount = c.Get(_phraseMinCount) }, cancellationToken: c.CancellationToken);
            corpus = Word2VecCorpus.Build(sentences.Select(phraseModel.Apply), options.MinCount, null, c.CancellationToken);
            if (c.ShowsStatus(json)) c.Error.WriteLine($"Phrases: {corpus.Words.Count(w => w.Contains('_', StringComparison.Ordinal)):N0} phrase types in the vocabulary (threshold {phraseModel.Options.Threshold}, min_count {phraseModel.Options.MinCount}).");
        }
        else corpus = Word2VecCorpus.Build(Word2VecCorpus.ReadTextLines(corpusPath!), options.MinCount, null, c.CancellationToken);
        SongCatalog? catalog = songs is null ? null
            : YesPlaylistLoader.ReadSongs(songs, options: new PlaylistReadOptions { Lenient = lenient }, stats: stats, cancellationToken: c.CancellationToken);
        if (corpus.Words.Count == 0)
            throw new CliException($"No token occurs at least --min-count {options.MinCount} times in the input, so there is nothing to train.");
        // A status line for a terminal; a redirected stderr gets it only when it warns of dropped or bad input lines.
        if (c.ShowsStatus(json) || (!json && (stats.DroppedShort > 0 || stats.BadLines > 0)))
        {
            c.Error.WriteLine($"Corpus: {corpus.SentenceCount:N0} {(playlists is null ? "sentences" : "playlists")}, {corpus.TokenCount:N0} tokens, vocabulary {corpus.Words.Count:N0}" +
                (stats.DroppedShort > 0 ? $", {stats.DroppedShort:N0} playlists under 2 songs dropped" : "") +
                (stats.BadLines > 0 ? $", {stats.BadLines:N0} bad lines skipped (first: {stats.FirstProblem})" : "") + ".");
        }

        var result = c.Progress(json).Run(options.Sg ? "skip-gram" : "CBOW", p => Word2Vec.Train(corpus, options, p.Map<Word2VecProgress>(Figures), c.CancellationToken));

        EmbeddingSet vectors = catalog is null ? result.Vectors : catalog.Annotate(result.Vectors);
        SongVectorFiles.Save(vectors, output, format);

        if (json)
        {
            c.Console.WriteJson(new
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
            c.Out.WriteLine($"Trained {(options.Sg ? "skip-gram" : "CBOW")} on {result.ProcessedTokens:N0} tokens ({result.Epochs} epochs) in {result.Seconds:F1} s, " +
                $"{result.WordsPerSecond:N0} words/s; {result.Vectors.Count:N0} vectors × {options.VectorSize} saved to {output}" +
                (vectors.Metadata.Count > 0 ? $" (metadata: {SongVectorFiles.MetadataPath(output)})." : "."));
        }
        return 0;
    }

    private static ProgressFigures Figures(Word2VecProgress p) => new(p.Fraction, string.Create(CultureInfo.InvariantCulture,
        $"epoch {p.Epoch}/{p.Epochs}, {p.WordsPerSecond:N0} words/s, loss {p.Loss:F3}"));
}
