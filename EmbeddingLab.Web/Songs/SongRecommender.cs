using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Web.Songs;

/// <summary>One recommended song: what the page shows in a row.</summary>
public sealed record SongRow(int Row, string Key, string Title, string Artist, string Tags, double? Score);

/// <summary>Search by title/artist and recommendations (cosine neighbours) over an annotated song vector set.</summary>
public static class SongRecommender
{
    public static SongRow Describe(EmbeddingSet set, int row, double? score = null)
    {
        string Value(string column) => set.Column(column)?.Values[row] ?? "";
        // Genre and decade first, then any other tags (the demo's tags repeat genre and decade).
        var items = new[] { Value("genre"), Value("decade") }.Concat(Value("tags").Split(", "))
            .Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase);
        var tags = string.Join(" · ", items);
        var title = Value("title");
        return new SongRow(row, set.Keys[row], title.Length > 0 ? title : $"Song {set.Keys[row]}", Value("artist"), tags, score);
    }

    /// <summary>Songs whose title or artist contains every word of the query (case-insensitive), most frequent first.</summary>
    public static IReadOnlyList<SongRow> Search(EmbeddingSet set, string query, int limit = 12)
    {
        var words = query.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0) return [];
        var titles = set.Column("title")?.Values;
        var artists = set.Column("artist")?.Values;
        var result = new List<SongRow>();
        for (int r = 0; r < set.Count && result.Count < limit; r++) // rows are in descending frequency
        {
            var text = $"{titles?[r]} {artists?[r]} {set.Keys[r]}";
            if (words.All(w => text.Contains(w, StringComparison.OrdinalIgnoreCase))) result.Add(Describe(set, r));
        }
        return result;
    }

    public static IReadOnlyList<SongRow> Recommend(EmbeddingSet set, int row, int topn = 10) =>
        set.MostSimilarToVector(set.Vector(row), topn, [row]).Select(n => Describe(set, n.Index, n.Score)).ToList();
}
