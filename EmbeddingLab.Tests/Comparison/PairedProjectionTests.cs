using EmbeddingLab.Core.Analysis.Comparison;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Projection;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Tests.Comparison;

/// <summary>Side-by-side maps of two paired sets: aligned PCA, t-SNE/UMAP started from A's layout, and the 2-D Procrustes.</summary>
public class PairedProjectionTests
{
    private static (EmbeddingSet A, EmbeddingSet B) Paired(EmbeddingSet a, EmbeddingSet b)
    {
        var (pa, pb, _, _, _, _) = SpaceComparer.Pair(a, b);
        return (pa, pb);
    }

    private static double MaxDistance(float[] x, float[] y)
    {
        double worst = 0;
        for (int i = 0; i < x.Length / 2; i++)
            worst = Math.Max(worst, Math.Sqrt(Math.Pow(x[i * 2] - y[i * 2], 2) + Math.Pow(x[i * 2 + 1] - y[i * 2 + 1], 2)));
        return worst;
    }

    private static double MeanDistance(float[] x, float[] y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length / 2; i++) sum += Math.Sqrt(Math.Pow(x[i * 2] - y[i * 2], 2) + Math.Pow(x[i * 2 + 1] - y[i * 2 + 1], 2));
        return sum / (x.Length / 2);
    }

    private static double Spread(float[] x)
    {
        double mx = 0, my = 0, s = 0;
        int n = x.Length / 2;
        for (int i = 0; i < n; i++) { mx += x[i * 2]; my += x[i * 2 + 1]; }
        mx /= n; my /= n;
        for (int i = 0; i < n; i++) s += Math.Pow(x[i * 2] - mx, 2) + Math.Pow(x[i * 2 + 1] - my, 2);
        return Math.Sqrt(s / n);
    }

    [Fact]
    public void Aligned_pca_maps_a_rotated_scaled_copy_onto_the_original_map()
    {
        var a = ComparisonTests.RandomSet(150, 12, seed: 3, clusterSpread: 0.6);
        var (pa, pb) = Paired(a, ComparisonTests.RotatedScaledCopy(a, 2.5f, seed: 9));
        var aligned = PairedProjection.Run(pa, pb, new PairedProjectionOptions { Method = ProjectionMethod.Pca, Aligned = true });
        Assert.True(aligned.Aligned);
        Assert.Contains("Procrustes", aligned.Alignment);
        Assert.True(aligned.Disparity < 1e-5, $"disparity {aligned.Disparity}");
        // Same picture, point for point, in A's own frame (not just up to rotation): within 0.1 % of the map's size.
        Assert.True(MaxDistance(aligned.A, aligned.B) < 1e-3 * Spread(aligned.A), $"largest gap {MaxDistance(aligned.A, aligned.B)} (spread {Spread(aligned.A)})");

        // Without alignment B's own PCA is 2.5 times as large: the maps differ.
        var own = PairedProjection.Run(pa, pb, new PairedProjectionOptions { Method = ProjectionMethod.Pca, Aligned = false });
        Assert.False(own.Aligned);
        Assert.Null(own.Disparity);
        Assert.Equal(aligned.A, own.A);
        Assert.True(MaxDistance(own.A, own.B) > 0.5 * Spread(own.A));
    }

    [Fact]
    public void AlignOnto_undoes_a_rotation_reflection_scale_and_shift_of_a_2d_map()
    {
        var random = new Random(5);
        int n = 60;
        var target = new float[n * 2];
        for (int i = 0; i < target.Length; i++) target[i] = (float)(random.NextDouble() * 10 - 5);
        double angle = 50 * Math.PI / 180;
        var source = new float[n * 2];
        for (int i = 0; i < n; i++)
        {
            double x = target[i * 2], y = -target[i * 2 + 1]; // reflected
            source[i * 2] = (float)(3 * (Math.Cos(angle) * x - Math.Sin(angle) * y) + 7);
            source[i * 2 + 1] = (float)(3 * (Math.Sin(angle) * x + Math.Cos(angle) * y) - 2);
        }
        var (aligned, disparity) = PairedProjection.AlignOnto(target, source, n, 2);
        Assert.True(disparity < 1e-6, $"disparity {disparity}");
        Assert.True(MaxDistance(target, aligned) < 1e-4, $"largest gap {MaxDistance(target, aligned)}");
    }

    [Fact]
    public void Aligned_tsne_of_B_starts_from_As_layout()
    {
        var a = ComparisonTests.RandomSet(120, 10, seed: 4, clusterSpread: 0.5);
        var (pa, pb) = Paired(a, ComparisonTests.RotatedScaledCopy(a, 1f, seed: 2));
        // One iteration with a negligible step: each map is its starting layout, so what B started from shows.
        var options = new PairedProjectionOptions { Method = ProjectionMethod.Tsne, Tsne = new TsneOptions { Perplexity = 15, NIter = 1, LearningRate = 1e-9 }, Threads = 1 };
        var aligned = PairedProjection.Run(pa, pb, options with { Aligned = true });
        Assert.Contains("started from A's finished t-SNE layout", aligned.Alignment);
        Assert.True(aligned.Disparity < 1e-3, $"disparity {aligned.Disparity}");
        Assert.True(MeanDistance(aligned.A, aligned.B) < 0.05 * Spread(aligned.A), $"mean gap {MeanDistance(aligned.A, aligned.B)} (spread {Spread(aligned.A)})");

        // On its own, B starts from its own PCA and is left as it lands.
        var own = PairedProjection.Run(pa, pb, options with { Aligned = false });
        Assert.Contains("Each set's own t-SNE", own.Alignment);
        Assert.Null(own.Disparity);
    }

    [Fact]
    public void Umap_takes_a_given_starting_layout_and_says_so()
    {
        var a = ComparisonTests.RandomSet(60, 6, seed: 8, clusterSpread: 0.5);
        var start = new float[60 * 2];
        for (int i = 0; i < 60; i++) { start[i * 2] = i % 8; start[i * 2 + 1] = i / 8f; }
        var result = Umap.Run(a, new UmapOptions { InitLayout = start, NEpochs = 20, RandomState = 1, Threads = 1, NNeighbors = 8 });
        Assert.Equal("given layout", result.InitUsed);
        var wrong = Assert.Throws<ArgumentException>(() => Umap.Run(a, new UmapOptions { InitLayout = new float[10], NEpochs = 5, RandomState = 1 }));
        Assert.Contains("60 points × 2 dimensions need 120", wrong.Message);

        var paired = PairedProjection.Run(a, a, new PairedProjectionOptions { Method = ProjectionMethod.Umap, Umap = new UmapOptions { NEpochs = 1, NNeighbors = 8 }, Threads = 1 });
        Assert.Contains("started from A's finished UMAP layout", paired.Alignment);
        Assert.True(paired.Disparity < 0.01, $"disparity {paired.Disparity}");
    }

    [Theory]
    [InlineData(ProjectionMethod.Pca, "PCA")]
    [InlineData(ProjectionMethod.Tsne, "t-SNE")]
    [InlineData(ProjectionMethod.Umap, "UMAP")]
    public void Maps_over_the_memory_bound_are_refused_with_their_size_and_maps_within_it_run(ProjectionMethod method, string name)
    {
        var a = ComparisonTests.RandomSet(60, 12, seed: 4, clusterSpread: 0.5);
        var (pa, pb) = Paired(a, ComparisonTests.RandomSet(60, 7, seed: 5, clusterSpread: 0.5));
        var options = new PairedProjectionOptions { Method = method, Tsne = new TsneOptions { Perplexity = 10, NIter = 250 }, Umap = new UmapOptions { NEpochs = 5, NNeighbors = 8 }, Threads = 1 };
        long bytes = PairedProjection.EstimateBytes(60, 12, 7, options);
        // At least the paired copies and both maps, and the bigger side's projection as the Projector sizes it.
        Assert.True(bytes >= 60L * (12 + 7) * 4 + 60L * 4 * 4, $"{bytes} bytes");
        long projection = Projection(method, 60, 12, options);
        Assert.True(bytes >= projection, $"{bytes} bytes, the projection of A alone {projection}");
        Assert.True(PairedProjection.EstimateBytes(600, 12, 7, options) > bytes);

        var refused = Assert.Throws<EmbeddingLab.Core.Limits.MemoryBudgetException>(() =>
            PairedProjection.Run(pa, pb, options with { Budget = new EmbeddingLab.Core.Limits.MemoryBudget(bytes - 1) }));
        Assert.Equal(bytes, refused.NeededBytes);
        Assert.StartsWith($"Side-by-side {name} maps of 60 shared keys (12 and 7 dimensions) needs about", refused.Message);
        Assert.Contains("over the limit of", refused.Message);
        Assert.Equal(60, PairedProjection.Run(pa, pb, options with { Budget = new EmbeddingLab.Core.Limits.MemoryBudget(bytes) }).Count);
    }

    private static long Projection(ProjectionMethod method, int n, int d, PairedProjectionOptions options) => method switch
    {
        ProjectionMethod.Tsne => Tsne.EstimateBytes(n, d, options.Tsne with { NComponents = 2 }),
        ProjectionMethod.Umap => Umap.EstimateBytes(n, d, options.Umap with { NComponents = 2 }),
        _ => Pca.EstimateBytes(n, d, new PcaOptions { NComponents = 2 }),
    };

    [Fact]
    public void Sets_not_paired_on_the_same_keys_are_refused_with_the_row()
    {
        var a = new EmbeddingSet(["x", "y", "z"], [1, 0, 0, 1, 1, 1], 2);
        var b = new EmbeddingSet(["x", "z", "y"], [1, 0, 0, 1, 1, 1], 2);
        var e = Assert.Throws<ArgumentException>(() => PairedProjection.Run(a, b));
        Assert.Contains("row 1 is \"y\" in A and \"z\" in B", e.Message);
    }

    [Fact]
    public void Semantic_change_eras_come_from_the_cache_without_training_and_a_bad_split_is_named()
    {
        var words = Enumerable.Range(0, 30).Select(i => $"w{i}").ToArray();
        var eraA = ComparisonTests.RandomSet(30, 8, seed: 1);
        eraA = new EmbeddingSet(words, eraA.MatrixArray, 8, [new MetadataColumn("frequency", words.Select(_ => "100").ToArray())]);
        var eraB = new EmbeddingSet(words, ComparisonTests.RandomSet(30, 8, seed: 2).MatrixArray, 8,
            [new MetadataColumn("frequency", words.Select(_ => "100").ToArray())]);
        var split = new SotuEraSplit(1800, 1810, 1990, 2000);
        var options = new SotuWordsOptions();
        var asked = new List<string>();
        EmbeddingSet? Cache(string key)
        {
            asked.Add(key);
            return key == SotuEras.CacheKey(1800, 1810, options) ? eraA : key == SotuEras.CacheKey(1990, 2000, options) ? eraB : null;
        }
        // No addresses at all: any training would fail, so both eras must come from the cache.
        var result = SotuEras.Run([], null, split, minCount: 50, options, top: 5, neighbors: 3, eraCache: Cache);
        Assert.Equal(2, asked.Count);
        Assert.Equal(30, result.Change.SharedVocabulary);
        Assert.Equal(5, result.Change.MostChanged.Count);
        Assert.NotEqual(SotuEras.CacheKey(1800, 1810, options), SotuEras.CacheKey(1800, 1810, options with { Word2Vec = options.Word2Vec with { Epochs = 2 } }));

        var overlap = Assert.Throws<ArgumentException>(() => SotuEras.Run([], null, new SotuEraSplit(1800, 1900, 1850, 1950)));
        Assert.Contains("overlap", overlap.Message);
    }
}
