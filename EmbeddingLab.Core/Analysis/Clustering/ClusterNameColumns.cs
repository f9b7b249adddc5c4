using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis.Clustering;

/// <summary>
/// Which metadata columns name clusters when the user names none: the columns of free text (titles, sentences, artists,
/// tag lists, emoji names). A categorical column (genre, decade, spam/ham: few distinct values, each repeated) names every
/// cluster after the category most of its rows share, and a mostly empty one says little; both are left out, as are
/// numbers. Songs get title + artist + tags (genre and decade are categories). With no column left, clusters are named
/// by the keys nearest their centre.
/// </summary>
public static class ClusterNameColumns
{
    /// <summary>A column with at most this many distinct values, each used <see cref="MinRepeats"/> times on average, is a category.</summary>
    public const int MaxCategories = 50;

    /// <summary>Average rows per distinct value from which a column with few values counts as a category.</summary>
    public const int MinRepeats = 3;

    /// <summary>Share of rows that must hold text; below it the column is "mostly empty".</summary>
    public const double MinFilled = 0.5;

    /// <summary>The columns that name clusters, in the set's order (empty: name them by keys).</summary>
    public static IReadOnlyList<MetadataColumn> Choose(EmbeddingSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return set.Metadata.Where(c => WhyNot(c) is null).ToList();
    }

    /// <summary>Why a column does not name clusters ("numbers", "categorical: 12 values", "mostly empty: 20% filled"), or null when it does.</summary>
    public static string? WhyNot(MetadataColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Name == ImageColumn.Name) return "picture paths";
        int rows = column.Values.Count;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        int filled = 0;
        bool lists = false;
        foreach (var v in column.Values)
        {
            if (string.IsNullOrWhiteSpace(v)) continue;
            filled++;
            if (distinct.Count <= MaxCategories) distinct.Add(v);
            // A tag list ("rock, 1970s") is several values a row: text, however few combinations there are.
            lists |= v.Contains(", ", StringComparison.Ordinal);
        }
        if (filled == 0) return "empty";
        if (filled < rows * MinFilled) return $"mostly empty: {100.0 * filled / rows:F0}% of rows filled";
        if (column.IsNumeric) return "numbers";
        if (!lists && distinct.Count <= MaxCategories && (double)filled / distinct.Count >= MinRepeats)
            return $"categorical: {distinct.Count} values";
        return null;
    }

    /// <summary>The text a row contributes: its values in the chosen columns, joined by spaces.</summary>
    public static string[] RowTexts(IReadOnlyList<MetadataColumn> columns, int rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var texts = new string[rows];
        for (int r = 0; r < rows; r++)
            texts[r] = columns.Count == 1 ? columns[0].Values[r] ?? "" : string.Join(' ', columns.Select(c => c.Values[r] ?? ""));
        return texts;
    }

    /// <summary>"column "title"" or "columns "title", "artist", "tags"" for the result's NamesFrom line.</summary>
    public static string Describe(IReadOnlyList<MetadataColumn> columns) =>
        columns.Count == 1 ? $"column \"{columns[0].Name}\"" : "columns " + string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
}
