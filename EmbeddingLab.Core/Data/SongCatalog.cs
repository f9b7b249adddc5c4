using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Data;

/// <summary>One song of a catalogue. Genre/decade are known for generated data; the yes.com data has tags instead.</summary>
public sealed record Song(int Id, string Title, string Artist, IReadOnlyList<string> Tags, string? Genre = null, string? Decade = null)
{
    public string Key => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Songs by id, plus the metadata columns a trained song vector set carries.</summary>
public sealed class SongCatalog
{
    private readonly Dictionary<int, Song> _songs = new();

    public SongCatalog(IEnumerable<Song> songs)
    {
        foreach (var s in songs) _songs[s.Id] = s;
    }

    public int Count => _songs.Count;
    public IEnumerable<Song> Songs => _songs.Values;
    public Song? Find(int id) => _songs.GetValueOrDefault(id);
    public Song? Find(string key) => int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int id) ? Find(id) : null;

    /// <summary>
    /// The vector set with title, artist, tags, genre and decade columns (empty strings for songs the catalogue lacks).
    /// Genre and decade are added only when some song has them.
    /// </summary>
    public EmbeddingSet Annotate(EmbeddingSet vectors)
    {
        int n = vectors.Count;
        var title = new string[n]; var artist = new string[n]; var tags = new string[n]; var genre = new string[n]; var decade = new string[n];
        bool anyGenre = false, anyDecade = false, anyTags = false;
        for (int r = 0; r < n; r++)
        {
            var s = Find(vectors.Keys[r]);
            title[r] = s?.Title ?? "";
            artist[r] = s?.Artist ?? "";
            tags[r] = s is null ? "" : string.Join(", ", s.Tags);
            genre[r] = s?.Genre ?? "";
            decade[r] = s?.Decade ?? "";
            anyGenre |= !string.IsNullOrEmpty(s?.Genre);
            anyDecade |= !string.IsNullOrEmpty(s?.Decade);
            anyTags |= s is { Tags.Count: > 0 };
        }
        var set = vectors.WithColumn(new MetadataColumn("title", title)).WithColumn(new MetadataColumn("artist", artist));
        if (anyTags) set = set.WithColumn(new MetadataColumn("tags", tags));
        if (anyGenre) set = set.WithColumn(new MetadataColumn("genre", genre));
        if (anyDecade) set = set.WithColumn(new MetadataColumn("decade", decade));
        return set;
    }
}
