using System.Globalization;
using System.Text;
using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Web.Components.ProjectorViews;

/// <summary>
/// What the projector shows, as a teacher would share it: the set, the method and its parameters, the colour column,
/// the cluster column, the selection, the clicked point and the camera. It travels as the page's URL query
/// (<see cref="ToQuery"/> / <see cref="Parse"/>): short keys, defaults left out, every name percent-encoded as UTF-8.
/// </summary>
public sealed record ProjectorView
{
    /// <summary>"asis": the set's own 2-D/3-D vectors, not projected.</summary>
    public const string AsIs = "asis";

    public string? Set { get; init; }
    /// <summary>pca, tsne, umap or <see cref="AsIs"/>.</summary>
    public string Method { get; init; } = "pca";
    public int Dims { get; init; } = 2;
    public int Seed { get; init; }
    public double Perplexity { get; init; } = 30;
    public int Iterations { get; init; } = 1000;
    public double EarlyExaggeration { get; init; } = 12;
    public double LearningRate { get; init; }
    public TsneInit Init { get; init; } = TsneInit.Pca;
    public int NNeighbors { get; init; } = 15;
    public double MinDist { get; init; } = 0.1;
    public UmapMetric Metric { get; init; } = UmapMetric.Euclidean;
    /// <summary>Colour column; null = the page's default choice, "" = none.</summary>
    public string? Color { get; init; }
    /// <summary>The cluster column shown (labels on the map), or null.</summary>
    public string? Clusters { get; init; }
    /// <summary>How the shown clusters were made (written only beside <see cref="Clusters"/>), or null (older links: the set's latest clustering).</summary>
    public ClusterView? Clustering { get; init; }
    /// <summary>Selected rows of the set (ascending, distinct).</summary>
    public IReadOnlyList<int> Selection { get; init; } = [];
    /// <summary>Key of the clicked point, or null.</summary>
    public string? Clicked { get; init; }
    /// <summary>2-D: x0, x1, y0, y1 of the axes; 3-D: eye, centre and up of the camera (9 numbers); null = autoscale.</summary>
    public IReadOnlyList<double>? Camera { get; init; }

    /// <summary>Selections above this many points are not put in a link (the URL would grow past what browsers keep).</summary>
    public const int MaxLinkedSelection = 5000;

    public static readonly string[] Methods = ["pca", "tsne", "umap", AsIs];

    /// <summary>The method's parameters only (what decides the coordinates): compared with a saved projection's.</summary>
    public string ParameterQuery()
    {
        var q = new QueryBuilder();
        q.Add("m", Method, "pca");
        q.Add("d", Dims, 2);
        if (Method == AsIs) return q.ToString();
        q.Add("seed", Seed, 0);
        if (Method == "tsne")
        {
            q.Add("perp", Perplexity, 30);
            q.Add("iter", Iterations, 1000);
            q.Add("ee", EarlyExaggeration, 12);
            q.Add("lr", LearningRate, 0);
            q.Add("init", Init == TsneInit.Pca ? "pca" : "random", "pca");
        }
        else if (Method == "umap")
        {
            q.Add("nn", NNeighbors, 15);
            q.Add("md", MinDist, 0.1);
            q.Add("metric", Metric == UmapMetric.Cosine ? "cosine" : "euclidean", "euclidean");
        }
        return q.ToString();
    }

    /// <summary>The whole view as a URL query (no leading '?'): set first, then parameters, colour, clusters, selection, point, camera.</summary>
    public string ToQuery()
    {
        var q = new QueryBuilder();
        if (Set is not null) q.Add("set", Set);
        q.Append(ParameterQuery());
        if (Color is not null) q.Add("c", Color);
        if (Clusters is not null)
        {
            q.Add("cl", Clusters);
            if (Clustering is { } c) AddClustering(q, c.Normalized());
        }
        if (Selection.Count is > 0 and <= MaxLinkedSelection) q.Add("sel", EncodeRows(Selection));
        if (Clicked is not null) q.Add("pt", Clicked);
        if (Camera is { Count: 4 or 9 } cam) q.Add("cam", string.Join('~', cam.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        return q.ToString();
    }

    /// <summary>The page address (relative to the app's base) of a bookmarked view: its set plus its stored query.</summary>
    public static string Link(string set, string? viewQuery) =>
        "projector?set=" + Escape(set) + (string.IsNullOrEmpty(viewQuery) ? "" : "&" + viewQuery);

    /// <summary>
    /// Reads a URL query (with or without '?'). Returns the view, or null and one sentence that names the bad entry.
    /// Unknown keys are ignored (links from a later version still open).
    /// </summary>
    public static (ProjectorView? View, string? Error) Parse(string? query)
    {
        var view = new ProjectorView();
        if (string.IsNullOrEmpty(query)) return (view, null);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var clustering = new ClusterView();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            var rawKey = eq < 0 ? part : part[..eq];
            var rawValue = eq < 0 ? "" : part[(eq + 1)..];
            if (!TryUnescape(rawKey, out var key) || !TryUnescape(rawValue, out var value))
                return (null, $"The link's entry \"{Shorten(part)}\" is not valid percent-encoded UTF-8.");
            if (!seen.Add(key)) return (null, $"The link names \"{Shorten(key)}\" twice.");
            string? error = null;
            switch (key)
            {
                case "set": view = view with { Set = value }; break;
                case "m":
                    if (!Methods.Contains(value)) error = $"The link's method \"{Shorten(value)}\" is not one of pca, tsne, umap, asis.";
                    else view = view with { Method = value };
                    break;
                case "d":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d is not (2 or 3)) error = $"The link's dimensions \"{Shorten(value)}\" must be 2 or 3.";
                    else view = view with { Dims = d };
                    break;
                case "seed": error = Int(key, "seed", value, out var seed); view = view with { Seed = seed }; break;
                case "perp": error = Real(key, "perplexity", value, out var perp); view = view with { Perplexity = perp }; break;
                case "iter": error = Int(key, "iterations", value, out var iter); view = view with { Iterations = iter }; break;
                case "ee": error = Real(key, "early exaggeration", value, out var ee); view = view with { EarlyExaggeration = ee }; break;
                case "lr": error = Real(key, "learning rate", value, out var lr); view = view with { LearningRate = lr }; break;
                case "init":
                    if (value is not ("pca" or "random")) error = $"The link's t-SNE init \"{Shorten(value)}\" must be pca or random.";
                    else view = view with { Init = value == "pca" ? TsneInit.Pca : TsneInit.Random };
                    break;
                case "nn": error = Int(key, "n_neighbors", value, out var nn); view = view with { NNeighbors = nn }; break;
                case "md": error = Real(key, "min_dist", value, out var md); view = view with { MinDist = md }; break;
                case "metric":
                    if (value is not ("cosine" or "euclidean")) error = $"The link's UMAP metric \"{Shorten(value)}\" must be cosine or euclidean.";
                    else view = view with { Metric = value == "cosine" ? UmapMetric.Cosine : UmapMetric.Euclidean };
                    break;
                case "c": view = view with { Color = value }; break;
                case "cl": view = view with { Clusters = value }; break;
                case "cm":
                    if (value is not ("kmeans" or "hdbscan")) error = $"The link's clustering method \"{Shorten(value)}\" must be kmeans or hdbscan.";
                    else clustering = clustering with { Method = value };
                    break;
                case "csp":
                    if (value is not ("vectors" or "map")) error = $"The link's clustered space \"{Shorten(value)}\" must be vectors or map.";
                    else clustering = clustering with { Space = value };
                    break;
                case "ck": error = Int(key, "number of clusters", value, out var ck); clustering = clustering with { K = ck }; break;
                case "cn": error = Int(key, "n_init", value, out var cn); clustering = clustering with { NInit = cn }; break;
                case "cmcs": error = Int(key, "min_cluster_size", value, out var cmcs); clustering = clustering with { MinClusterSize = cmcs }; break;
                case "cms": error = Int(key, "min_samples", value, out var cms); clustering = clustering with { MinSamples = cms }; break;
                case "cseed": error = Int(key, "clustering seed", value, out var cseed); clustering = clustering with { Seed = cseed }; break;
                case "cnames": clustering = clustering with { NamesFrom = value }; break;
                case "sel":
                    if (DecodeRows(value) is { } rows) view = view with { Selection = rows };
                    else error = "The link's selection is damaged (it must be the projector's own row code).";
                    break;
                case "pt": view = view with { Clicked = value }; break;
                case "cam":
                    var numbers = value.Split('~');
                    var cam = new double[numbers.Length];
                    bool ok = numbers.Length is 4 or 9;
                    for (int i = 0; ok && i < numbers.Length; i++)
                        ok = double.TryParse(numbers[i], NumberStyles.Float, CultureInfo.InvariantCulture, out cam[i]) && double.IsFinite(cam[i]);
                    if (!ok) error = "The link's camera must be 4 numbers (2-D axis ranges) or 9 (3-D eye, centre, up) separated by ~.";
                    else view = view with { Camera = cam };
                    break;
            }
            if (error is not null) return (null, error);
        }
        // cm marks a link that says how its clusters were made (it is always written beside cl).
        if (seen.Contains("cm")) view = view with { Clustering = clustering.Normalized() };
        return (view, null);
    }

    private static void AddClustering(QueryBuilder q, ClusterView c)
    {
        q.Add("cm", c.Method);
        q.Add("csp", c.Space, "vectors");
        if (c.Method == "kmeans")
        {
            q.Add("ck", c.K, 10);
            q.Add("cn", c.NInit, 1);
        }
        else
        {
            q.Add("cmcs", c.MinClusterSize, 15);
            if (c.MinSamples is { } ms) q.Add("cms", ms.ToString(CultureInfo.InvariantCulture));
        }
        q.Add("cseed", c.Seed, 0);
        q.Add("cnames", c.NamesFrom, "");
    }

    private static string? Int(string key, string name, string value, out int result) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result) ? null
            : $"The link's {name} ({key}=\"{Shorten(value)}\") is not a whole number.";

    private static string? Real(string key, string name, string value, out double result) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out result) && double.IsFinite(result) ? null
            : $"The link's {name} ({key}=\"{Shorten(value)}\") is not a number.";

    private static string Shorten(string s) => s.Length > 60 ? s[..60] + "…" : s;

    // --- rows: ascending, delta-coded as LEB128 varints, base64url (a run of neighbours costs a byte each) ------------

    public static string EncodeRows(IReadOnlyList<int> rows)
    {
        var sorted = rows.Where(r => r >= 0).Distinct().Order().ToArray();
        var bytes = new List<byte>(sorted.Length * 2);
        int previous = -1;
        foreach (var row in sorted)
        {
            uint delta = (uint)(row - previous); // ≥ 1
            previous = row;
            while (delta >= 0x80) { bytes.Add((byte)(delta | 0x80)); delta >>= 7; }
            bytes.Add((byte)delta);
        }
        return Convert.ToBase64String(bytes.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static IReadOnlyList<int>? DecodeRows(string code)
    {
        if (code.Length == 0) return [];
        if (code.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))) return null;
        var b64 = code.Replace('-', '+').Replace('_', '/');
        b64 += new string('=', (4 - b64.Length % 4) % 4);
        byte[] bytes;
        try { bytes = Convert.FromBase64String(b64); }
        catch (FormatException) { return null; }
        var rows = new List<int>();
        long previous = -1;
        for (int i = 0; i < bytes.Length;)
        {
            ulong delta = 0;
            int shift = 0;
            while (true)
            {
                if (i >= bytes.Length || shift > 28) return null;
                byte b = bytes[i++];
                delta |= (ulong)(b & 0x7F) << shift;
                shift += 7;
                if (b < 0x80) break;
            }
            if (delta == 0) return null;
            previous += (long)delta;
            if (previous > int.MaxValue) return null;
            rows.Add((int)previous);
            if (rows.Count > MaxLinkedSelection) return null;
        }
        return rows;
    }

    // --- escaping: UTF-8 percent-encoding, only RFC 3986's unreserved characters stay as they are --------------------

    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
                sb.Append((char)b);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Percent-decoding ('+' is a space, as in forms); false for a broken escape or bytes that are not UTF-8.</summary>
    public static bool TryUnescape(string value, out string result)
    {
        result = "";
        var bytes = new List<byte>(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b)) return false;
                bytes.Add(b);
                i += 2;
            }
            else if (c == '+') bytes.Add((byte)' ');
            else if (c < 0x80) bytes.Add((byte)c);
            else
            {
                // A browser may leave non-ASCII unescaped: take the character (both halves of a surrogate pair) as UTF-8.
                int length = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(value.Substring(i, length)));
                i += length - 1;
            }
        }
        try { result = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray()); }
        catch (DecoderFallbackException) { return false; }
        return true;
    }

    private sealed class QueryBuilder
    {
        private readonly StringBuilder _sb = new();

        public void Add(string key, string value, string? skipWhen = null)
        {
            if (value == skipWhen) return;
            Append(key + "=" + Escape(value));
        }

        public void Add(string key, int value, int skipWhen) { if (value != skipWhen) Add(key, value.ToString(CultureInfo.InvariantCulture)); }

        public void Add(string key, double value, double skipWhen) { if (value != skipWhen) Add(key, value.ToString("R", CultureInfo.InvariantCulture)); }

        public void Append(string pairs)
        {
            if (pairs.Length == 0) return;
            if (_sb.Length > 0) _sb.Append('&');
            _sb.Append(pairs);
        }

        public override string ToString() => _sb.ToString();
    }
}
