using EmbeddingLab.Core.Encoding.Transformers;
using EmbeddingLab.Core.Encoding.WordVectors;
using EmbeddingLab.Core.Limits;
using EmbeddingLab.Core.Projection;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Encoding;

namespace EmbeddingLab.Tests.Limits;

/// <summary>
/// t-SNE, UMAP, PCA, SIF and transformer encodes are sized from their inputs before they start and refused, with the size of
/// the work and the bound, when over the job's memory budget — instead of failing (or swapping the server) half-way.
/// </summary>
public class JobMemoryEstimateTests
{
    private static EmbeddingSet Points(int n, int d, int seed = 1)
    {
        var rng = new Random(seed);
        var m = new float[n * d];
        for (int i = 0; i < m.Length; i++) m[i] = (float)(rng.NextDouble() * 2 - 1) + (i / d % 3);
        return new EmbeddingSet(Enumerable.Range(0, n).Select(i => "p" + i).ToArray(), m, d);
    }

    private sealed class Reports : IProgress<TsneProgress>
    {
        public int Count;
        public void Report(TsneProgress value) => Count++;
    }

    [Fact]
    public void An_exact_tsne_of_thousands_of_points_is_refused_before_any_work_with_its_size_and_the_bound()
    {
        var set = Points(3000, 10);
        var request = new ProjectionRequest
        {
            Method = ProjectionMethod.Tsne, Tsne = new TsneOptions { Method = TsneMethod.Exact }, Budget = new MemoryBudget(100L << 20),
        };
        var progress = new Reports();
        var e = Assert.Throws<MemoryBudgetException>(() => Projector.Project(set, request, progress));
        Assert.Equal(0, progress.Count); // refused before the neighbour search started
        // 3,000 × 2,999 neighbour pairs at 64 bytes each dominate: at least 549 MB.
        Assert.True(e.NeededBytes >= 64L * 3000 * 2999, $"{e.NeededBytes}");
        Assert.Matches(@"^T-SNE of 3,000 points × 10 dimensions \(exact gradient, 2,999 neighbours a point\) needs about [\d.]+ MB of memory, over the limit of 100 MB per job\.$", e.Message);

        // Barnes-Hut on the same points needs 91 neighbours a point: under the bound (sized, not run, here).
        Projector.EnsureFits(set.Count, set.Dimensions, request with { Tsne = new TsneOptions() });
        Assert.Equal(91, Tsne.NeighborCount(new TsneOptions(), 3000));
    }

    [Fact]
    public void An_exact_tsne_too_big_for_any_array_is_refused_even_without_a_budget()
    {
        // 50,000 × 49,999 pairs, twice over once symmetrised: more entries than a .NET array holds (the CLI has no budget).
        var set = Points(50_000, 2);
        var e = Assert.Throws<MemoryBudgetException>(() => Projector.Project(set,
            new ProjectionRequest { Method = ProjectionMethod.Tsne, Tsne = new TsneOptions { Method = TsneMethod.Exact } }));
        Assert.Matches(@"^T-SNE of 50,000 points × 2 dimensions \(exact gradient, 49,999 neighbours a point\) needs about [\d.]+ GB of memory, more than one array can hold\.$", e.Message);
    }

    [Fact]
    public void Bad_tsne_settings_still_get_their_own_message_not_a_size()
    {
        var e = Assert.Throws<ArgumentException>(() => Projector.Project(Points(50, 4),
            new ProjectionRequest { Method = ProjectionMethod.Tsne, Tsne = new TsneOptions { Perplexity = -5 }, Budget = new MemoryBudget(1) }));
        Assert.Equal("Perplexity must be positive.", e.Message);
    }

    [Fact]
    public void Pca_is_sized_by_hand_and_refused_over_the_budget()
    {
        // n = 2,000, d = 16, 2 components + 10 oversamples → p = 12, two chunks of 1,024 rows:
        // partial sums 2 × 8 × (16 + 12·16 + 12·12) = 5,632; coordinates 2,000 × 2 × 4 = 16,000; Q and its copies 8·4·12·16 = 6,144.
        Assert.Equal(5_632 + 16_000 + 6_144, Pca.EstimateBytes(2000, 16, new PcaOptions { NComponents = 2 }));
        var set = Points(2000, 16);
        var e = Assert.Throws<MemoryBudgetException>(() => Projector.Project(set, new ProjectionRequest { Method = ProjectionMethod.Pca, Budget = new MemoryBudget(20_000) }));
        Assert.Equal("PCA of 2,000 points × 16 dimensions needs about 27.1 KB of memory, over the limit of 19.5 KB per job.", e.Message);
        var result = Projector.Project(set, new ProjectionRequest { Method = ProjectionMethod.Pca, Budget = new MemoryBudget(1L << 20), QualitySample = 100 });
        Assert.Equal(4000, result.Coordinates.Length);
    }

    [Fact]
    public void Umap_is_sized_by_hand_and_refused_over_the_budget_before_any_work()
    {
        // n = 3,000, d = 10, umap-learn's defaults (15 neighbours, exact search below 10,000 points, spectral init, 2-D):
        // input copies (centred + packed) 2 × 3,000 × 10 × 4 = 240,000; kNN search output and the n × k arrays
        // 3,000 × (8 × 14 + 8 × 15) = 696,000; directed memberships, compacted and transposed 3,000 × 15 × 24 = 1,080,000;
        // the union's ≤ 2nk = 90,000 edges × 8 = 720,000; layout (pruned graph + four sampling arrays) 90,000 × 24 = 2,160,000;
        // spectral init: Lanczos basis 2 × 40 + 2 × 6 vectors, the result and √degree, 95 doubles a point = 2,280,000,
        // and the Laplacian 90,000 × 12 = 1,080,000; the embedding and a snapshot 3,000 × 2 × 4 × 2 = 48,000.
        var options = new UmapOptions();
        Assert.Equal(8_304_000, Umap.EstimateBytes(3000, 10, options));
        // Cosine adds the unit-length copy; NN-descent (forced) trades the exact search's copies for its heaps and candidates.
        Assert.Equal(8_304_000 + 120_000, Umap.EstimateBytes(3000, 10, options with { Metric = UmapMetric.Cosine }));
        Assert.True(Umap.EstimateBytes(3000, 10, options with { Neighbors = UmapNeighbors.NnDescent }) > 8_304_000 - 240_000);

        var set = Points(3000, 10);
        var progress = new Reports();
        var e = Assert.Throws<MemoryBudgetException>(() => Projector.Project(set,
            new ProjectionRequest { Method = ProjectionMethod.Umap, Budget = new MemoryBudget(5L << 20) }, progress));
        Assert.Equal(0, progress.Count); // refused before the neighbour search started
        Assert.Equal(8_304_000, e.NeededBytes);
        Assert.Equal("UMAP of 3,000 points × 10 dimensions (15 neighbours a point) needs about 7.9 MB of memory, over the limit of 5 MB per job.", e.Message);

        // Bad settings keep their own message; under the bound it runs.
        Assert.Equal("n_neighbors must be at least 2, not 1.", Assert.Throws<ArgumentException>(() => Projector.Project(set,
            new ProjectionRequest { Method = ProjectionMethod.Umap, Umap = new UmapOptions { NNeighbors = 1 }, Budget = new MemoryBudget(1) })).Message);
        var small = Points(300, 10);
        var result = Projector.Project(small, new ProjectionRequest
        {
            Method = ProjectionMethod.Umap, Umap = new UmapOptions { NEpochs = 20 }, Seed = 1, Threads = 1, QualitySample = 100,
            Budget = new MemoryBudget(Umap.EstimateBytes(300, 10, new UmapOptions { NEpochs = 20 })),
        });
        Assert.Equal(600, result.Coordinates.Length);
    }

    [Fact]
    public void The_umap_estimate_is_not_below_what_a_run_allocates()
    {
        // Everything a single-threaded run allocates (live or not) stays under the estimate of its peak: the estimate
        // adds up its phases, so it is an upper bound, not a guess that a run could overshoot.
        var set = Points(4000, 16);
        var options = new UmapOptions { NEpochs = 5, RandomState = 3, Threads = 1, SnapshotEvery = 0 };
        Umap.Run(set, options with { NEpochs = 1 }); // JIT and statics out of the way
        long before = GC.GetAllocatedBytesForCurrentThread();
        Umap.Run(set, options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 1, Umap.EstimateBytes(4000, 16, options));
    }

    [Fact]
    public void Sif_fit_and_encode_are_sized_by_hand_and_refused_over_the_budget()
    {
        var words = Points(100, 50);
        var corpus = Enumerable.Range(0, 1000).Select(i => $"p{i % 100} p{i * 7 % 100} p{i * 13 % 100}").ToList();
        // 100 words × 48 + 1,000 × 50 floats + four 50 × 50 double matrices = 4,800 + 200,000 + 80,000.
        Assert.Equal(284_800, SifEncoder.EstimateFitBytes(100, 50, 1000));
        var e = Assert.Throws<MemoryBudgetException>(() => SifEncoder.Fit(words, corpus, new SifOptions { Budget = new MemoryBudget(100 << 10) }));
        Assert.Equal("SIF on 1,000 sentences with 100 words × 50 dimensions needs about 278.1 KB of memory, over the limit of 100 KB per job.", e.Message);

        var sif = SifEncoder.Fit(words, corpus, new SifOptions { Budget = new MemoryBudget(300_000) });
        var many = Enumerable.Repeat("p1 p2", 2000).ToList(); // 2,000 × 50 floats = 390.6 KB
        Assert.Equal("SIF vectors of 2,000 sentences × 50 dimensions needs about 390.6 KB of memory, over the limit of 293 KB per job.",
            Assert.Throws<MemoryBudgetException>(() => sif.Encode(many)).Message);
        Assert.Equal(1000 * 50, sif.Encode(corpus).Length);
    }

    [Fact]
    public void A_transformer_encode_is_sized_from_the_sentences_and_refused_over_the_budget()
    {
        var sentences = Enumerable.Range(0, 1000).Select(i => $"the quick brown fox {i} jumps over the lazy dog").ToList();
        using var probe = TransformerEncoder.Load(EncodingTestPaths.TinyBert);
        long estimate = probe.EstimateBytes(sentences);
        // At least the vectors themselves and the tokens of every sentence (it has at least 11 tokens with [CLS] and [SEP]).
        int tokens = probe.Tokenizer.Encode(sentences[0], probe.MaxSeqLength).Length;
        Assert.True(tokens >= 11, $"{tokens}");
        Assert.True(estimate >= 1000L * probe.Dimensions * 4 + 1000L * tokens * 48, $"{estimate}");
        // Longer sentences need more.
        Assert.True(probe.EstimateBytes(sentences.Select(s => s + " and then it runs far away into the deep dark forest").ToList()) > estimate);

        using var bounded = TransformerEncoder.Load(EncodingTestPaths.TinyBert, new TransformerEncoderOptions(Budget: new MemoryBudget(estimate - 1)));
        var e = Assert.Throws<MemoryBudgetException>(() => bounded.Encode(sentences));
        Assert.Equal($"Encoding 1,000 sentences with {bounded.Name} ({bounded.Dimensions} dimensions, batches of 32, up to {bounded.MaxSeqLength:N0} tokens each) " +
            $"needs about {MemoryBudget.Format(estimate)} of memory, over the limit of {MemoryBudget.Format(estimate - 1)} per job.", e.Message);

        using var enough = TransformerEncoder.Load(EncodingTestPaths.TinyBert, new TransformerEncoderOptions(Budget: new MemoryBudget(estimate)));
        Assert.Equal(1000 * enough.Dimensions, enough.Encode(sentences).Length);
    }
}
