using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Data;

/// <summary>Size and mixing of a planted-genre playlist corpus (simulated data for quality tests and benchmarks).</summary>
public sealed record PlantedGenreOptions
{
    public int Songs { get; init; } = 75_000;
    public int Genres { get; init; } = 50;
    public int Playlists { get; init; } = 12_000;
    public int MinLength { get; init; } = 50;
    public int MaxLength { get; init; } = 450;
    /// <summary>Share of songs in a playlist drawn from the whole catalogue instead of the playlist's genre.</summary>
    public double Noise { get; init; } = 0.02;
    public int Seed { get; init; } = 1;

    /// <summary>A small corpus with the same structure, for fast unit tests.</summary>
    public static PlantedGenreOptions Small => new() { Songs = 2_000, Genres = 10, Playlists = 800, MinLength = 20, MaxLength = 80 };
}

/// <summary>
/// Simulated playlists with a known answer: every song belongs to one genre, every playlist to one genre and draws its
/// songs from it (plus a little noise). A good embedding puts songs of a genre next to each other, which
/// <see cref="NeighbourGenreAgreement"/> measures.
/// </summary>
public sealed class PlantedGenreCorpus
{
    private PlantedGenreCorpus(PlantedGenreOptions options, int[][] playlists)
    {
        Options = options;
        Playlists = playlists;
    }

    public PlantedGenreOptions Options { get; }

    /// <summary>Song ids (0..Songs-1) per playlist.</summary>
    public IReadOnlyList<int[]> Playlists { get; }

    /// <summary>Genre of a song: songs are dealt to genres round-robin, so ids carry no block structure.</summary>
    public int GenreOf(int song) => song % Options.Genres;

    public long TokenCount => Playlists.Sum(p => (long)p.Length);

    public static PlantedGenreCorpus Generate(PlantedGenreOptions options)
    {
        if (options.Songs < options.Genres || options.Genres < 1) throw new ArgumentException("Need at least one song per genre.");
        if (options.MinLength < 2 || options.MaxLength < options.MinLength) throw new ArgumentException("Playlist lengths must satisfy 2 <= min <= max.");
        var rng = new Random(options.Seed);
        int perGenre = options.Songs / options.Genres;
        var playlists = new int[options.Playlists][];
        for (int p = 0; p < playlists.Length; p++)
        {
            int genre = rng.Next(options.Genres);
            var songs = new int[rng.Next(options.MinLength, options.MaxLength + 1)];
            for (int i = 0; i < songs.Length; i++)
            {
                songs[i] = rng.NextDouble() < options.Noise
                    ? rng.Next(options.Songs)
                    : genre + options.Genres * rng.Next(perGenre);
            }
            playlists[p] = songs;
        }
        return new PlantedGenreCorpus(options, playlists);
    }

    /// <summary>Playlists as token lists (song ids as strings), the shape word2vec takes.</summary>
    public IEnumerable<IReadOnlyList<string>> Sentences()
    {
        foreach (var p in Playlists) yield return Array.ConvertAll(p, s => s.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Writes one playlist per line, ids separated by spaces (the corpus format gensim's LineSentence reads).</summary>
    public void WriteText(string path)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 16);
        foreach (var p in Playlists) writer.WriteLine(string.Join(' ', p));
    }

    /// <summary>
    /// Mean share of each probed song's <paramref name="k"/> nearest neighbours (cosine) that have its genre.
    /// Probes <paramref name="probes"/> songs chosen at random (all songs when null).
    /// </summary>
    public double NeighbourGenreAgreement(EmbeddingSet vectors, int k = 10, int? probes = 2_000, int seed = 7)
    {
        var rows = Enumerable.Range(0, vectors.Count).ToArray();
        if (probes is { } n && n < rows.Length)
        {
            new Random(seed).Shuffle(rows);
            rows = rows[..n];
        }
        long agree = 0, total = 0;
        var genres = new int[vectors.Count];
        for (int r = 0; r < genres.Length; r++) genres[r] = GenreOf(int.Parse(vectors.Keys[r], System.Globalization.CultureInfo.InvariantCulture));
        foreach (var row in rows)
        {
            var neighbours = vectors.MostSimilarToVector(vectors.Vector(row), k, [row], threads: 1);
            foreach (var nb in neighbours)
            {
                total++;
                if (genres[nb.Index] == genres[row]) agree++;
            }
        }
        return total == 0 ? 0 : (double)agree / total;
    }
}
