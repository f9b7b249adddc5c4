using Bunit;
using EmbeddingLab.Core.Analysis.Clustering;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Projector.Clusters;

namespace EmbeddingLab.Tests.Clustering;

/// <summary>Which columns name clusters automatically: free text yes; categories, mostly empty columns and numbers no.</summary>
public class ClusterNameColumnsTests
{
    // Three planted groups of 40 rows in 6-D (far apart).
    private static (float[] X, int[] Truth) Groups() => ClusteringTestData.Planted(perCluster: 40, clusters: 3, noise: 0, d: 6, seed: 11);

    private static readonly string[][] Words = [["guitar", "riff", "amplifier"], ["election", "minister", "ballot"], ["striker", "referee", "league"]];

    // A title per row: its group's words and a running number, so no two rows share a title (as with real titles).
    private static string[] Titles(int[] truth) =>
        truth.Select((t, i) => $"{Words[t][i % 3]} {Words[t][(i / 3) % 3]} {i + 100}").ToArray();

    private static string[] Genres(int[] truth) => truth.Select(t => new[] { "rock", "politics", "sport" }[t]).ToArray();

    private static EmbeddingSet Set(float[] x, int rows, params MetadataColumn[] columns) =>
        new(Enumerable.Range(0, rows).Select(i => $"k{i}").ToArray(), x, 6, columns);

    private static ClusteringRequest KMeans3(string? textColumn = null) => new()
    {
        Method = ClusteringMethod.KMeans,
        KMeans = new KMeansOptions { NClusters = 3, NInit = 3, Seed = 0 },
        TextColumn = textColumn,
        TermCount = 2,
    };

    [Fact]
    public void A_categorical_column_is_skipped_and_the_titles_name_the_clusters()
    {
        var (x, truth) = Groups();
        // As the Spam Assassin set: a "label" category and a "subject" text. A guess by column name took "label" and
        // named every cluster "spam" or "ham"; the category must not name the clusters.
        var set = Set(x, truth.Length, new MetadataColumn("label", Genres(truth)), new MetadataColumn("subject", Titles(truth)));
        Assert.Equal(["subject"], ClusterNameColumns.Choose(set).Select(c => c.Name));
        Assert.Equal("categorical: 3 values", ClusterNameColumns.WhyNot(set.Column("label")!));

        var result = Clusterer.Run(set, KMeans3());
        Assert.Equal(["subject"], result.NameColumns);
        Assert.Equal("c-TF-IDF of column \"subject\"", result.NamesFrom);
        // Each cluster is named by two of its group's words, never by the genre.
        foreach (var cluster in result.Clusters)
            Assert.Contains(Words, w => cluster.Terms.All(w.Contains) && cluster.Terms.Count == 2);
    }

    [Fact]
    public void A_mostly_empty_column_is_skipped()
    {
        var (x, truth) = Groups();
        var titles = Titles(truth);
        // Only one row in three has a name (as the State of the Union words' "name" column): too little to name
        // 40-row clusters by.
        var names = titles.Select((t, i) => i % 3 == 0 ? "a remark " + t : "").ToArray();
        var set = Set(x, truth.Length, new MetadataColumn("name", names), new MetadataColumn("subject", titles));
        Assert.StartsWith("mostly empty: 33% of rows filled", ClusterNameColumns.WhyNot(set.Column("name")!));
        Assert.Equal(["subject"], ClusterNameColumns.Choose(set).Select(c => c.Name));
        Assert.Equal("c-TF-IDF of column \"subject\"", Clusterer.Run(set, KMeans3()).NamesFrom);
        Assert.Equal("empty", ClusterNameColumns.WhyNot(new MetadataColumn("blank", new string[10])));
    }

    [Fact]
    public void Songs_are_named_by_title_artist_and_tags_not_by_genre_or_decade()
    {
        // The demo catalogue as the Songs page builds it (3,000 songs by 300 artists, tags "Genre, Decade").
        var demo = DemoPlaylists.Generate(playlists: 20);
        var keys = demo.Catalog.Songs.Select(s => s.Key).ToArray();
        var random = new Random(3);
        var vectors = new float[keys.Length * 6];
        for (int i = 0; i < vectors.Length; i++) vectors[i] = (float)random.NextDouble();
        var songs = demo.Catalog.Annotate(new EmbeddingSet(keys, vectors, 6));
        Assert.Equal(["title", "artist", "tags", "genre", "decade"], songs.Metadata.Select(c => c.Name));

        Assert.Equal(["title", "artist", "tags"], ClusterNameColumns.Choose(songs).Select(c => c.Name));
        Assert.StartsWith("categorical: 12 values", ClusterNameColumns.WhyNot(songs.Column("genre")!));
        Assert.StartsWith("categorical: 6 values", ClusterNameColumns.WhyNot(songs.Column("decade")!));
        var result = Clusterer.Run(songs, new ClusteringRequest { KMeans = new KMeansOptions { NClusters = 4, Seed = 0 } });
        Assert.Equal("c-TF-IDF of columns \"title\", \"artist\", \"tags\"", result.NamesFrom);
        Assert.All(result.Clusters, c => Assert.Equal(4, c.Terms.Count));
    }

    [Fact]
    public void A_tag_list_is_text_even_with_few_combinations()
    {
        // 120 rows, 6 combinations of two tags: as a whole value it would look like a category; a list is text.
        var tags = Enumerable.Range(0, 120).Select(i => $"{new[] { "rock", "jazz", "folk" }[i % 3]}, {new[] { "1970s", "1990s" }[i % 2]}").ToArray();
        Assert.Null(ClusterNameColumns.WhyNot(new MetadataColumn("tags", tags)));
    }

    [Fact]
    public void Without_a_text_column_clusters_are_named_by_the_keys_nearest_their_centre()
    {
        var (x, truth) = Groups();
        var counts = truth.Select((_, i) => (i * 7).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var set = Set(x, truth.Length, new MetadataColumn("genre", Genres(truth)), new MetadataColumn("count", counts));
        Assert.Empty(ClusterNameColumns.Choose(set));
        Assert.Equal("numbers", ClusterNameColumns.WhyNot(set.Column("count")!));

        var result = Clusterer.Run(set, KMeans3());
        Assert.Empty(result.NameColumns);
        Assert.Equal("keys nearest each centre", result.NamesFrom);
        foreach (var cluster in result.Clusters)
        {
            Assert.Equal(2, cluster.Terms.Count);
            // The names are keys of the cluster's own rows, nearest first.
            int id = cluster.Id;
            Assert.All(cluster.Terms, key => Assert.Equal(id, result.Labels[set.IndexOf(key)]));
            Assert.True(cluster.Weights[0] <= cluster.Weights[1]);
        }
        // The "cluster" column a clustering adds is numbers: clustering again does not name clusters after it.
        Assert.Empty(ClusterNameColumns.Choose(result.AddTo(set)));
    }

    [Fact]
    public void A_column_the_user_names_wins_even_when_it_is_a_category()
    {
        var (x, truth) = Groups();
        var set = Set(x, truth.Length, new MetadataColumn("genre", Genres(truth)), new MetadataColumn("title", Titles(truth)));
        var result = Clusterer.Run(set, KMeans3("genre"));
        Assert.Equal(["genre"], result.NameColumns);
        Assert.Equal("c-TF-IDF of column \"genre\"", result.NamesFrom);
        Assert.Equal(["politics", "rock", "sport"], result.Clusters.Select(c => Assert.Single(c.Terms)).Order());
    }

    [Fact]
    public void Markup_in_keys_stays_data_in_the_names()
    {
        var (x, truth) = Groups();
        var keys = truth.Select((_, i) => i == 0 ? "<b>bold</b>" : i == 1 ? "<script>alert(1)</script>" : $"k{i}").ToArray();
        var set = new EmbeddingSet(keys, x, 6);
        var result = Clusterer.Run(set, KMeans3() with { TermCount = 40 });
        // Names are the keys as they are: not stripped, not escaped (escaping is the job of whatever shows them).
        var all = result.Clusters.SelectMany(c => c.Terms).ToHashSet();
        Assert.Contains("<b>bold</b>", all);
        Assert.Contains("<script>alert(1)</script>", all);
    }
}

/// <summary>Cluster names from data are shown as text in the cluster list, never as markup.</summary>
public class ClusterListMarkupTests : MudTestContext
{
    [Fact]
    public void A_name_that_is_markup_is_shown_as_text()
    {
        var result = new ClusteringResult(ClusteringMethod.KMeans, ClusteringSpace.Vectors, [0, 1],
            [new ClusterSummary(0, 1, ["<b>bold</b>", "<img src=x onerror=alert(1)>"], [0, 0]), new ClusterSummary(1, 1, ["plain"], [0])],
            0, null, 1.0, null, null, null, "keys nearest each centre", TimeSpan.Zero);
        var list = Render<ClusterList>(p => p.Add(c => c.Result, result));
        var row = list.Find("[data-testid=cluster-row][data-id='0'] button");
        Assert.Contains("<b>bold</b> · <img src=x onerror=alert(1)>", row.TextContent);
        Assert.Empty(list.FindAll("[data-testid=cluster-result] b"));
        Assert.Empty(list.FindAll("[data-testid=cluster-result] img"));
    }
}
