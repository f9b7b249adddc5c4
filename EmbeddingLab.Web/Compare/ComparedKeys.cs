using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Web.Compare;

/// <summary>
/// The keys two compared sets share (in A's order) and how the page names them: a song as "title — artist (id)", any
/// other key as itself. Built once per comparison, so the changed-keys table and the key search look labels up
/// instead of rebuilding them on every render.
/// </summary>
public sealed class ComparedKeys
{
    public static ComparedKeys Empty { get; } = new([], null);

    private readonly Dictionary<string, string>? _labels;
    private readonly Dictionary<string, string>? _byLabel;
    /// <summary>The label of each shared key, in <see cref="Keys"/>' order (null when every label is the bare key).</summary>
    private readonly string[]? _labelList;

    private ComparedKeys(IReadOnlyList<string> keys, string[]? labels)
    {
        Keys = keys;
        _labelList = labels;
        if (labels is null) return;
        _labels = new Dictionary<string, string>(keys.Count, StringComparer.Ordinal);
        _byLabel = new Dictionary<string, string>(keys.Count, StringComparer.Ordinal);
        for (int i = 0; i < keys.Count; i++)
        {
            _labels[keys[i]] = labels[i];
            _byLabel.TryAdd(labels[i], keys[i]);
        }
    }

    /// <summary>Keys both sets hold, in A's order.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>True when some key has a label other than itself (the sets carry song titles).</summary>
    public bool HasLabels => _labels is not null;

    /// <summary>The shared keys of <paramref name="a"/> and <paramref name="b"/>, labelled from A's title and artist
    /// columns (B's where A has none).</summary>
    public static ComparedKeys Of(EmbeddingSet a, EmbeddingSet b)
    {
        var keys = new List<string>();
        var rowsA = new List<int>();
        for (int i = 0; i < a.Count; i++)
            if (b.Contains(a.Keys[i])) { keys.Add(a.Keys[i]); rowsA.Add(i); }
        var (titleA, artistA) = (a.Column("title")?.Values, a.Column("artist")?.Values);
        var (titleB, artistB) = (b.Column("title")?.Values, b.Column("artist")?.Values);
        if (titleA is null && titleB is null) return new ComparedKeys(keys, null);
        var labels = new string[keys.Count];
        bool any = false;
        for (int i = 0; i < keys.Count; i++)
        {
            int ra = rowsA[i];
            string title = titleA?[ra] ?? "", artist = artistA?[ra] ?? "";
            if (title.Length == 0 && titleB is not null)
            {
                int rb = b.IndexOf(keys[i]);
                (title, artist) = (titleB[rb], artistB?[rb] ?? "");
            }
            labels[i] = Label(keys[i], title, artist);
            any |= labels[i] != keys[i];
        }
        return new ComparedKeys(keys, any ? labels : null);
    }

    /// <summary>"title — artist (id)", "title (id)" without an artist, the bare key without a title.</summary>
    public static string Label(string key, string title, string artist) =>
        title.Length == 0 ? key : artist.Length == 0 ? $"{title} ({key})" : $"{title} — {artist} ({key})";

    /// <summary>How the page shows <paramref name="key"/>.</summary>
    public string Label(string key) => _labels is not null && _labels.TryGetValue(key, out var label) ? label : key;

    /// <summary>The key a label names (the key itself when it is one), or null.</summary>
    public string? KeyOf(string? text)
    {
        if (text is null) return null;
        if (_byLabel is not null && _byLabel.TryGetValue(text, out var key)) return key;
        return text;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> shared keys whose label (or key) holds <paramref name="text"/>, ranked as
    /// <see cref="KeySuggestions"/> ranks keys, except that a key or label typed whole comes first.
    /// </summary>
    public IReadOnlyList<string> Find(string? text, int limit, CancellationToken cancellationToken = default)
    {
        if (_labelList is null) return KeySuggestions.Find(Keys, text, limit, cancellationToken);
        if (string.IsNullOrEmpty(text)) return Keys.Take(limit).ToList();
        var exact = new List<string>();
        var rest = KeySuggestions.Find(_labelList, text, limit, cancellationToken).Select(l => _byLabel![l]).ToList();
        // A bare id typed whole ("0") matches many labels ("… (10)"), so the song with that id goes first.
        if (_labels!.ContainsKey(text)) exact.Add(text);
        return exact.Concat(rest.Where(k => !exact.Contains(k))).Take(limit).ToList();
    }
}
