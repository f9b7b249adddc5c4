namespace EmbeddingLab.Web.Compare;

/// <summary>The suggestions for a typed key: the key itself first, then keys starting with the text, then keys holding it.</summary>
public static class KeySuggestions
{
    /// <summary>
    /// Up to <paramref name="limit"/> keys matching <paramref name="text"/> (case-insensitive), best first, each group in
    /// the set's order. Ranked rather than filtered in order, so that a short key ("0" among song ids "10", "20", …)
    /// is always offered when typed whole.
    /// </summary>
    public static IReadOnlyList<string> Find(IReadOnlyList<string> keys, string? text, int limit, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(text)) return keys.Take(limit).ToList();
        var exact = new List<string>();
        var prefix = new List<string>();
        var inside = new List<string>();
        for (int i = 0; i < keys.Count; i++)
        {
            if ((i & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            var key = keys[i];
            int at = key.IndexOf(text, StringComparison.OrdinalIgnoreCase);
            if (at < 0) continue;
            if (key.Length == text.Length) exact.Add(key);
            else if (at == 0) { if (prefix.Count < limit) prefix.Add(key); }
            else if (inside.Count < limit) inside.Add(key);
        }
        return exact.Concat(prefix).Concat(inside).Take(limit).ToList();
    }
}
