using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Songs;

namespace EmbeddingLab.Tests.Songs;

/// <summary>What the Songs page computes: search, recommendations, the demo model (its panels: SongsPanelTests).</summary>
public class SongsPageTests
{
    [Fact]
    public void RecommenderFindsByTitleOrArtistAndRanksByCosine()
    {
        var catalog = new SongCatalog([new Song(0, "Midnight Train", "Maya Rivers", ["Rock"], "Rock"), new Song(1, "Blue Sky", "Otis Day", [], "Jazz"), new Song(2, "Night Fire", "Maya Rivers", [], "Rock")]);
        var set = catalog.Annotate(new EmbeddingSet(["0", "1", "2"], [1, 0, 0, 1, 0.9f, 0.1f], 2));
        Assert.Equal(["0", "2"], SongRecommender.Search(set, "maya").Select(r => r.Key));
        Assert.Equal(["0"], SongRecommender.Search(set, "midnight rivers").Select(r => r.Key));
        var recs = SongRecommender.Recommend(set, 0, 2);
        Assert.Equal(["2", "1"], recs.Select(r => r.Key));
        Assert.Equal("Night Fire", recs[0].Title);
        Assert.Contains("Rock", recs[0].Tags);
        Assert.True(recs[0].Score > recs[1].Score);
        Assert.Equal("Rock", SongRecommender.Describe(set, 0).Tags); // genre repeated in tags is shown once
    }

    [Fact]
    public async Task DemoSourceTrainsSongsThatRecommendTheirOwnGenre()
    {
        var set = await new SongsDemoSource().BuildAsync(CancellationToken.None);
        Assert.True(set.Count > 2_000);
        var genre = set.Column("genre")!.Values;
        double agree = 0;
        int probes = 0;
        for (int row = 0; row < 200; row++) // the most played songs
        {
            foreach (var r in SongRecommender.Recommend(set, row)) agree += genre[r.Row] == genre[row] ? 1 : 0;
            probes += 10;
        }
        Assert.True(agree / probes > 0.6, $"only {agree / probes:P0} of recommendations share the genre");
    }
}
