using System.Numerics.Tensors;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Analysis.Directions;

/// <summary>
/// A direction in a word space: from the mean of one word list to the mean of another (a single word each is the
/// classic "he → she"), computed on unit vectors so frequent words do not dominate, optionally made orthogonal to
/// another direction (Gram–Schmidt), and normalised to length 1. Projecting a word on it gives the cosine between the
/// word's unit vector and the direction: +1 at the <see cref="Positive"/> end, −1 at the <see cref="Negative"/> end.
/// </summary>
public sealed class WordDirection
{
    private WordDirection(float[] unit, IReadOnlyList<string> negative, IReadOnlyList<string> positive, IReadOnlyList<string> missing, string? orthogonalTo)
    {
        Unit = unit;
        Negative = negative;
        Positive = positive;
        Missing = missing;
        OrthogonalTo = orthogonalTo;
    }

    /// <summary>The direction, length 1.</summary>
    public float[] Unit { get; }

    /// <summary>The words of the negative end that are in the vocabulary (e.g. he, him, his).</summary>
    public IReadOnlyList<string> Negative { get; }

    /// <summary>The words of the positive end that are in the vocabulary (e.g. she, her, hers).</summary>
    public IReadOnlyList<string> Positive { get; }

    /// <summary>Words asked for but not in the vocabulary (left out).</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>A label of the direction it was made orthogonal to, if any.</summary>
    public string? OrthogonalTo { get; }

    /// <summary>"he, him → she, her".</summary>
    public string Label => $"{string.Join(", ", Negative)} → {string.Join(", ", Positive)}";

    /// <summary>mean(positive) − mean(negative) of unit vectors, normalised.</summary>
    public static WordDirection Between(EmbeddingSet set, IEnumerable<string> negative, IEnumerable<string> positive)
    {
        var missing = new List<string>();
        var neg = Present(set, negative, missing);
        var pos = Present(set, positive, missing);
        if (neg.Count == 0) throw new ArgumentException($"None of the words at the negative end are in the vocabulary ({string.Join(", ", missing)}).");
        if (pos.Count == 0) throw new ArgumentException($"None of the words at the positive end are in the vocabulary ({string.Join(", ", missing)}).");
        int d = set.Dimensions;
        var meanPos = Mean(set, pos);
        var meanNeg = Mean(set, neg);
        var direction = new float[d];
        TensorPrimitives.Subtract(meanPos, meanNeg, direction);
        Normalize(direction, "The two ends have the same mean vector, so they define no direction.");
        return new WordDirection(direction, neg, pos, missing, null);
    }

    /// <summary>This direction with its component along <paramref name="other"/> removed, normalised again.</summary>
    public WordDirection OrthogonalizedAgainst(WordDirection other)
    {
        if (other.Unit.Length != Unit.Length) throw new ArgumentException("Both directions must live in the same space.");
        var result = (float[])Unit.Clone();
        float along = TensorPrimitives.Dot<float>(result, other.Unit);
        for (int k = 0; k < result.Length; k++) result[k] -= along * other.Unit[k];
        Normalize(result, $"The direction {Label} is parallel to {other.Label}; nothing is left after removing it.");
        return new WordDirection(result, Negative, Positive, Missing, other.Label);
    }

    /// <summary>cos(word, direction) for one row.</summary>
    public float Project(EmbeddingSet set, int row) => TensorPrimitives.Dot(set.UnitVector(row), Unit);

    /// <summary>Projections of the given words (missing words are reported, not scored), highest first.</summary>
    public IReadOnlyList<(string Word, float Value)> Rank(EmbeddingSet set, IEnumerable<string> words, out IReadOnlyList<string> missing)
    {
        var absent = new List<string>();
        var ranked = new List<(string, float)>();
        foreach (var word in words.Distinct(StringComparer.Ordinal))
        {
            int row = set.IndexOf(word);
            if (row < 0) absent.Add(word);
            else ranked.Add((word, Project(set, row)));
        }
        missing = absent;
        ranked.Sort((a, b) => b.Item2.CompareTo(a.Item2));
        return ranked;
    }

    /// <summary>Projections of every row of the set (vocabulary order).</summary>
    public float[] ProjectAll(EmbeddingSet set)
    {
        var values = new float[set.Count];
        for (int row = 0; row < set.Count; row++) values[row] = Project(set, row);
        return values;
    }

    private static List<string> Present(EmbeddingSet set, IEnumerable<string> words, List<string> missing)
    {
        var present = new List<string>();
        foreach (var raw in words)
        {
            var word = raw.Trim();
            if (word.Length == 0 || present.Contains(word)) continue;
            if (set.Contains(word)) present.Add(word);
            else missing.Add(word);
        }
        return present;
    }

    private static float[] Mean(EmbeddingSet set, IReadOnlyList<string> words)
    {
        var mean = new float[set.Dimensions];
        foreach (var w in words) TensorPrimitives.Add(mean, set.UnitVector(set.IndexOfRequired(w)), mean);
        TensorPrimitives.Divide(mean, words.Count, mean);
        return mean;
    }

    private static void Normalize(float[] v, string whenZero)
    {
        float norm = TensorPrimitives.Norm<float>(v);
        if (!(norm > 1e-5f)) throw new ArgumentException(whenZero);
        TensorPrimitives.Divide(v, norm, v);
    }
}
