using EmbeddingLab.Core.Analysis.Clustering;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Tests.Clustering;

public class ClustererTests
{
    private static readonly string[][] Topics =
    [
        ["guitar", "riff", "amplifier", "drums"],
        ["election", "parliament", "vote", "minister"],
        ["goal", "striker", "referee", "league"],
    ];

    /// <summary>Three planted clusters whose rows carry a sentence from their topic and a genre column.</summary>
    private static EmbeddingSet TopicSet(int seed)
    {
        var (x, truth) = ClusteringTestData.Planted(perCluster: 40, clusters: 3, noise: 0, d: 6, seed: seed);
        var random = new Random(seed);
        var keys = new string[truth.Length];
        var text = new string[truth.Length];
        var genre = new string[truth.Length];
        for (int i = 0; i < truth.Length; i++)
        {
            keys[i] = $"row{i}";
            var words = Topics[truth[i]];
            text[i] = $"the {words[random.Next(4)]} and the {words[random.Next(4)]} of a {words[random.Next(4)]}";
            genre[i] = new[] { "rock", "politics", "sport" }[truth[i]];
        }
        return new EmbeddingSet(keys, x, 6, [new MetadataColumn("text", text), new MetadataColumn("genre", genre)]);
    }

    [Fact]
    public void Kmeans_clusters_are_named_from_the_text_scored_and_become_a_column()
    {
        var set = TopicSet(3);
        var result = Clusterer.Run(set, new ClusteringRequest
        {
            Method = ClusteringMethod.KMeans,
            KMeans = new KMeansOptions { NClusters = 3, NInit = 3, Seed = 0 },
            CompareWith = "genre",
        });
        Assert.Equal(3, result.Clusters.Count);
        Assert.Equal(0, result.Noise);
        Assert.NotNull(result.Inertia);
        Assert.Equal(1.0, result.AdjustedRandIndex!.Value, 12);
        Assert.Equal(1.0, result.NormalizedMutualInformation!.Value, 12);
        Assert.True(result.Silhouette!.Value > 0.5);
        Assert.Contains("text", result.NamesFrom);
        foreach (var cluster in result.Clusters)
        {
            Assert.Equal(40, cluster.Size);
            Assert.Equal(4, cluster.Terms.Count);
            // Every name is one topic's words (stop words "the", "and", "of", "a" removed).
            Assert.Contains(Topics, topic => cluster.Terms.All(topic.Contains));
        }
        var withColumn = result.AddTo(set);
        var column = withColumn.Column("cluster")!;
        Assert.Equal(result.Labels.Select(l => l.ToString()), column.Values);
        Assert.Equal(3, withColumn.Metadata.Count);
        // Clustering again replaces the column rather than adding a second one.
        Assert.Equal(3, result.AddTo(withColumn).Metadata.Count);
    }

    [Fact]
    public void Hdbscan_on_a_map_says_so_and_names_clusters_by_keys_without_text()
    {
        var (x, truth) = ClusteringTestData.Planted(perCluster: 50, clusters: 3, noise: 10, d: 2, seed: 5);
        var keys = Enumerable.Range(0, truth.Length).Select(i => $"k{i}").ToArray();
        var vectors = new float[truth.Length * 4]; // the "original" vectors are not used when the map is clustered
        var set = new EmbeddingSet(keys, vectors, 4);
        var result = Clusterer.Run(set, new ClusteringRequest
        {
            Method = ClusteringMethod.Hdbscan,
            Hdbscan = new HdbscanOptions { MinClusterSize = 10 },
            Space = ClusteringSpace.Map,
            MapCoordinates = x,
            MapDimensions = 2,
            TermCount = 3,
        });
        Assert.Equal(ClusteringSpace.Map, result.Space);
        Assert.Equal(3, result.Clusters.Count);
        Assert.Null(result.Inertia);
        Assert.Equal(result.Labels.Count(l => l < 0), result.Noise);
        Assert.Contains("keys nearest", result.NamesFrom);
        foreach (var cluster in result.Clusters)
        {
            Assert.Equal(3, cluster.Terms.Count);
            Assert.All(cluster.Terms, k => Assert.Equal(cluster.Id, result.Labels[set.IndexOf(k)]));
            Assert.True(cluster.Weights.SequenceEqual(cluster.Weights.Order()), "nearest keys come first");
        }
    }

    [Fact]
    public void Unknown_columns_are_clear_errors()
    {
        var set = TopicSet(1);
        var e = Assert.Throws<ArgumentException>(() => Clusterer.Run(set, new ClusteringRequest { CompareWith = "mood" }));
        Assert.Contains("no metadata column \"mood\"; columns are text, genre", e.Message);
    }
}
