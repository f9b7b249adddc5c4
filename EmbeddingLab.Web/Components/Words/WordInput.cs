using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Web.Components.Words;

/// <summary>Turns what a user typed into keys, and unknown-word errors into a sentence with a hint.</summary>
public static class WordInput
{
    /// <summary>Words separated by spaces or commas.</summary>
    public static string[] Split(string? text) =>
        (text ?? "").Split([' ', ',', ';', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Keys starting with <paramref name="prefix"/> (case-insensitive), the exact key first, then in the set's order
    /// (files and trained sets list frequent words first). Stops after <paramref name="limit"/> matches.
    /// </summary>
    public static IReadOnlyList<string> Complete(EmbeddingSet set, string? prefix, int limit, CancellationToken cancellationToken = default)
    {
        prefix = prefix?.Trim() ?? "";
        if (prefix.Length == 0) return [];
        var found = new List<string>(limit);
        if (set.Contains(prefix)) found.Add(prefix);
        var keys = set.Keys;
        for (int i = 0; i < keys.Count && found.Count < limit; i++)
        {
            if ((i & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            var key = keys[i];
            if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && key != prefix) found.Add(key);
        }
        return found;
    }

    /// <summary>The message for an unknown word, suggesting the case variant that exists ("King" → "king").</summary>
    public static string Describe(Exception e, EmbeddingSet set, IEnumerable<string> typed)
    {
        if (e is not KeyNotFoundException) return Jobs.JobRunner.Describe(e);
        var missing = typed.FirstOrDefault(w => !set.Contains(w));
        if (missing is null) return e.Message;
        var variant = new[] { missing.ToLowerInvariant(), missing.ToUpperInvariant(), char.ToUpperInvariant(missing[0]) + missing[1..].ToLowerInvariant() }
            .FirstOrDefault(set.Contains);
        return $"\"{missing}\" is not in this word set ({set.Count:N0} words)." + (variant is null ? "" : $" Did you mean \"{variant}\"?");
    }
}
