namespace EmbeddingLab.Core.Data;

/// <summary>A generated (simulated) playlist dataset: a song catalogue and radio-station playlists.</summary>
public sealed record DemoPlaylistDataset(SongCatalog Catalog, IReadOnlyList<int[]> Playlists, IReadOnlyList<string> Stations)
{
    public long TokenCount => Playlists.Sum(p => (long)p.Length);
}

/// <summary>
/// Deterministic SIMULATED playlists with real structure, for the demo: a catalogue of artists (each with a genre and
/// a decade) and their songs, and radio stations that mix a few genres, play popular songs again and again (Zipf
/// popularity) and often play two songs of the same artist in a row. No real songs or artists.
/// </summary>
public static class DemoPlaylists
{
    private static readonly string[] Genres = ["Rock", "Pop", "Hip-Hop", "Country", "R&B", "Jazz", "Electronic", "Metal", "Folk", "Reggae", "Latin", "Blues"];
    private static readonly string[] Decades = ["1960s", "1970s", "1980s", "1990s", "2000s", "2010s"];
    private static readonly string[] First = ["Maya", "Jonah", "Lila", "Marcus", "Ada", "Theo", "Rosa", "Eli", "Nina", "Otis", "June", "Felix", "Iris", "Cal", "Vera", "Milo", "Hazel", "Rex", "Luna", "Gus"];
    private static readonly string[] Last = ["Rivers", "Stone", "Hart", "Vale", "Cross", "Moreno", "Blake", "Quinn", "Fox", "Lane", "Reyes", "Shaw", "Wilde", "Frost", "Kane", "Day"];
    private static readonly string[] BandAdj = ["Velvet", "Electric", "Silver", "Midnight", "Crimson", "Wild", "Golden", "Neon", "Hollow", "Broken", "Lucky", "Paper"];
    private static readonly string[] BandNoun = ["Foxes", "Engines", "Satellites", "Hearts", "Ravens", "Pilots", "Tigers", "Echoes", "Saints", "Lanterns", "Wolves", "Arrows"];
    private static readonly string[] TitleA = ["Midnight", "Summer", "Broken", "Golden", "Lonely", "Electric", "Silent", "Burning", "Endless", "Crazy", "Little", "Sweet", "Cold", "Wild", "Blue", "Last"];
    private static readonly string[] TitleB = ["Highway", "Heart", "River", "Dream", "Night", "Fire", "Rain", "Love", "Road", "Sky", "City", "Dance", "Morning", "Train", "Light", "Song"];

    /// <param name="songs">Catalogue size (a few thousand by default).</param>
    /// <param name="playlists">Number of playlists.</param>
    public static DemoPlaylistDataset Generate(int songs = 3_000, int playlists = 2_500, int seed = 42)
    {
        if (songs < 100) throw new ArgumentOutOfRangeException(nameof(songs), songs, "The demo needs at least 100 songs.");
        var rng = new Random(seed);
        int artists = Math.Max(10, songs / 10);
        var artistName = new string[artists];
        var artistGenre = new int[artists];
        var artistDecade = new int[artists];
        var usedNames = new HashSet<string>();
        for (int a = 0; a < artists; a++)
        {
            string name;
            do
            {
                name = rng.NextDouble() < 0.5
                    ? $"{First[rng.Next(First.Length)]} {Last[rng.Next(Last.Length)]}"
                    : $"The {BandAdj[rng.Next(BandAdj.Length)]} {BandNoun[rng.Next(BandNoun.Length)]}";
            } while (!usedNames.Add(name) && usedNames.Count < First.Length * Last.Length + BandAdj.Length * BandNoun.Length);
            artistName[a] = name;
            artistGenre[a] = a % Genres.Length;
            artistDecade[a] = rng.Next(Decades.Length);
        }

        var catalog = new List<Song>(songs);
        var songArtist = new int[songs];
        var weight = new double[songs];
        var byArtist = new List<int>[artists];
        for (int a = 0; a < artists; a++) byArtist[a] = new List<int>();
        for (int s = 0; s < songs; s++)
        {
            int a = s % artists;
            songArtist[s] = a;
            byArtist[a].Add(s);
            // Zipf-like popularity: a few hits recur in many playlists.
            weight[s] = 1.0 / Math.Pow(1 + rng.Next(songs / Genres.Length), 0.9);
            string title = $"{TitleA[rng.Next(TitleA.Length)]} {TitleB[rng.Next(TitleB.Length)]}";
            catalog.Add(new Song(s, title, artistName[a], [Genres[artistGenre[a]], Decades[artistDecade[a]]], Genres[artistGenre[a]], Decades[artistDecade[a]]));
        }

        // Cumulative popularity per genre for sampling.
        var genreSongs = new List<int>[Genres.Length];
        for (int g = 0; g < Genres.Length; g++) genreSongs[g] = new List<int>();
        for (int s = 0; s < songs; s++) genreSongs[artistGenre[songArtist[s]]].Add(s);
        var cumulative = new double[Genres.Length][];
        for (int g = 0; g < Genres.Length; g++)
        {
            var list = genreSongs[g];
            cumulative[g] = new double[list.Count];
            double acc = 0;
            for (int i = 0; i < list.Count; i++) cumulative[g][i] = acc += weight[list[i]];
        }

        // Stations: one main genre, sometimes one or two neighbours in the mix.
        int stationCount = 36;
        var stations = new string[stationCount];
        var stationMix = new (int Genre, double Share)[stationCount][];
        for (int st = 0; st < stationCount; st++)
        {
            int main = st % Genres.Length;
            int extras = rng.Next(3);
            var mix = new List<(int, double)> { (main, 1.0) };
            for (int e = 0; e < extras; e++) mix.Add((rng.Next(Genres.Length), 0.15 + 0.1 * rng.NextDouble()));
            stationMix[st] = mix.ToArray();
            stations[st] = $"{Genres[main]} station {st / Genres.Length + 1}";
        }

        var result = new List<int[]>(playlists);
        for (int p = 0; p < playlists; p++)
        {
            var mix = stationMix[rng.Next(stationCount)];
            int length = rng.Next(15, 61);
            var list = new int[length];
            double totalShare = mix.Sum(m => m.Share);
            for (int i = 0; i < length; i++)
            {
                if (i > 0 && rng.NextDouble() < 0.25)
                {
                    // Radio plays artists in runs: another song by the previous artist.
                    var same = byArtist[songArtist[list[i - 1]]];
                    list[i] = same[rng.Next(same.Count)];
                    continue;
                }
                double pick = rng.NextDouble() * totalShare;
                int genre = mix[^1].Genre;
                foreach (var (g, share) in mix)
                {
                    if (pick < share) { genre = g; break; }
                    pick -= share;
                }
                var cum = cumulative[genre];
                int idx = Array.BinarySearch(cum, rng.NextDouble() * cum[^1]);
                if (idx < 0) idx = ~idx;
                list[i] = genreSongs[genre][Math.Min(idx, cum.Length - 1)];
            }
            result.Add(list);
        }
        return new DemoPlaylistDataset(new SongCatalog(catalog), result, stations);
    }
}
