using System.Globalization;
using System.Numerics.Tensors;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis.Directions;

/// <summary>
/// One axis of a custom projection (TF Embedding Projector's "custom" tab): a <see cref="WordDirection"/> (two word
/// lists) or a search term (one word, or the mean of several): a word's value is the cosine of its unit vector with
/// the axis' unit vector.
/// </summary>
public sealed record CustomAxis(string Label, float[] Unit, IReadOnlyList<string> Missing)
{
    /// <summary>From the mean of <paramref name="negative"/> to the mean of <paramref name="positive"/> (unit vectors).</summary>
    public static CustomAxis Direction(EmbeddingSet set, IEnumerable<string> negative, IEnumerable<string> positive)
    {
        var direction = WordDirection.Between(set, negative, positive);
        return new CustomAxis(direction.Label, direction.Unit, direction.Missing);
    }

    /// <summary>Toward a term: the normalised mean of the unit vectors of <paramref name="words"/> ("king", or "paris, rome").</summary>
    public static CustomAxis Term(EmbeddingSet set, IEnumerable<string> words)
    {
        var present = new List<string>();
        var missing = new List<string>();
        foreach (var raw in words)
        {
            var word = raw.Trim();
            if (word.Length == 0 || present.Contains(word) || missing.Contains(word)) continue;
            (set.Contains(word) ? present : missing).Add(word);
        }
        if (present.Count == 0)
            throw new ArgumentException(missing.Count == 0 ? "Give a search term for the axis." : $"None of the axis' words are in the vocabulary ({string.Join(", ", missing)}).");
        var unit = new float[set.Dimensions];
        foreach (var w in present) TensorPrimitives.Add(unit, set.UnitVector(set.IndexOfRequired(w)), unit);
        float norm = TensorPrimitives.Norm<float>(unit);
        if (!(norm > 1e-6f)) throw new ArgumentException($"The words {string.Join(", ", present)} cancel out; they point nowhere together.");
        TensorPrimitives.Divide(unit, norm, unit);
        return new CustomAxis($"cos(·, {string.Join(" + ", present)})", unit, missing);
    }

    /// <summary>cos(row's vector, axis) for one row.</summary>
    public float Value(EmbeddingSet set, int row) => TensorPrimitives.Dot(set.UnitVector(row), Unit);
}

/// <summary>Which words a custom projection shows.</summary>
public enum CustomPointsSource
{
    /// <summary>The words the user lists.</summary>
    Words,
    /// <summary>Keys containing a search string (case-insensitive), in the set's order.</summary>
    Search,
    /// <summary>The most frequent words: by a numeric <c>frequency</c> or <c>count</c> column, else the set's order (trained and word2vec files list frequent words first).</summary>
    TopFrequent,
}

/// <summary>The words of a custom projection and their two values.</summary>
public sealed record CustomProjection(CustomAxis X, CustomAxis Y, IReadOnlyList<string> Words, float[] XValues, float[] YValues, IReadOnlyList<string> MissingWords);

/// <summary>Builds custom projections: each chosen word placed at (cos with the x axis, cos with the y axis).</summary>
public static class CustomAxes
{
    /// <summary>Most points a custom projection shows (every label is drawn).</summary>
    public const int MaxPoints = 1000;

    /// <summary>
    /// The rows to show: the listed words (missing ones reported), the keys containing <paramref name="text"/>, or the
    /// <paramref name="limit"/> most frequent — at most <paramref name="limit"/> (and <see cref="MaxPoints"/>).
    /// </summary>
    public static IReadOnlyList<int> ChooseRows(EmbeddingSet set, CustomPointsSource source, string text, int limit, out IReadOnlyList<string> missing)
    {
        limit = Math.Clamp(limit, 1, MaxPoints);
        var rows = new List<int>();
        var absent = new List<string>();
        missing = absent;
        switch (source)
        {
            case CustomPointsSource.Words:
                foreach (var raw in text.Split([' ', ',', ';', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    int row = set.IndexOf(raw);
                    if (row < 0) { if (!absent.Contains(raw)) absent.Add(raw); }
                    else if (!rows.Contains(row) && rows.Count < limit) rows.Add(row);
                }
                if (rows.Count == 0) throw new ArgumentException(absent.Count == 0 ? "List the words to show." : $"None of the listed words are in the vocabulary ({string.Join(", ", absent)}).");
                break;
            case CustomPointsSource.Search:
                var term = text.Trim();
                if (term.Length == 0) throw new ArgumentException("Type a search string: the words containing it are shown.");
                for (int i = 0; i < set.Count && rows.Count < limit; i++)
                    if (set.Keys[i].Contains(term, StringComparison.OrdinalIgnoreCase)) rows.Add(i);
                if (rows.Count == 0) throw new ArgumentException($"No word contains \"{term}\".");
                break;
            default:
                var frequency = set.Column("frequency") is { IsNumeric: true } f ? f : set.Column("count") is { IsNumeric: true } c ? c : null;
                if (frequency is null)
                {
                    for (int i = 0; i < Math.Min(limit, set.Count); i++) rows.Add(i);
                }
                else
                {
                    var values = new double[set.Count];
                    for (int i = 0; i < values.Length; i++)
                        values[i] = double.TryParse(frequency.Values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NegativeInfinity;
                    var order = Enumerable.Range(0, set.Count).ToArray();
                    // Most frequent first; ties in the set's order.
                    Array.Sort(order, (a, b) => values[b] != values[a] ? values[b].CompareTo(values[a]) : a.CompareTo(b));
                    rows.AddRange(order.Take(limit));
                }
                break;
        }
        return rows;
    }

    /// <summary>Both values of each row.</summary>
    public static CustomProjection Project(EmbeddingSet set, CustomAxis x, CustomAxis y, IReadOnlyList<int> rows, IReadOnlyList<string>? missingWords = null)
    {
        if (x.Unit.Length != set.Dimensions || y.Unit.Length != set.Dimensions) throw new ArgumentException("Both axes must come from this set.");
        var xs = new float[rows.Count];
        var ys = new float[rows.Count];
        var words = new string[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            words[i] = set.Keys[rows[i]];
            xs[i] = x.Value(set, rows[i]);
            ys[i] = y.Value(set, rows[i]);
        }
        return new CustomProjection(x, y, words, xs, ys, missingWords ?? []);
    }
}
