using EmbeddingLab.Core.Analysis.Comparison;
using EmbeddingLab.Core.Limits;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Compare;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmbeddingLab.Tests.Comparison;

/// <summary>CKA's two forms, Procrustes' dimension cap, and comparisons sized against the job memory bound.</summary>
public class ComparisonCostTests
{
    private static float[] RandomFloats(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    [Theory]
    [InlineData(12, 40, 30)]   // fewer rows than dimensions: the Gram matrices are smaller
    [InlineData(300, 8, 5)]    // many rows: the d × d products are smaller
    public void The_kernel_and_feature_forms_of_cka_agree_and_linear_runs_the_cheaper(int n, int dx, int dy)
    {
        var x = RandomFloats(n * dx, n);
        // Y shares part of X's structure, so CKA is neither 0 nor 1.
        var noise = RandomFloats(n * dy, n + 1);
        var y = new float[n * dy];
        for (int i = 0; i < n; i++) for (int j = 0; j < dy; j++) y[i * dy + j] = x[i * dx + j] * 2 + x[i * dx + (j + 1) % dx] + noise[i * dy + j];
        double kernel = Cka.Kernel(x, n, dx, y, dy, 2, default);
        double feature = Cka.Feature(x, n, dx, y, dy, 2, default);
        Assert.Equal(feature, kernel, 6);
        Assert.InRange(kernel, 0.05, 0.99);
        Assert.Equal(n < dx + dy, Cka.UsesKernelForm(n, dx, dy));
        Assert.Equal(n < dx + dy ? kernel : feature, Cka.Linear(x, n, dx, y, dy, 2));
    }

    [Fact]
    public void Procrustes_on_fewer_rows_than_dimensions_is_reduced_to_the_rows_without_changing_the_disparity()
    {
        var a = ComparisonTests.RandomSet(30, 50, 31, clusterSpread: 0.6);
        var noise = RandomFloats(30 * 50, 32);
        var copy = ComparisonTests.RotatedScaledCopy(a, 2, 33);
        var data = copy.Matrix.ToArray();
        for (int q = 0; q < data.Length; q++) data[q] += noise[q] * 0.7f;
        var b = new EmbeddingSet(copy.Keys, data, 50);
        var result = SpaceComparer.Compare(a, b, new ComparisonOptions { K = 5 });
        Assert.Equal(30, result.ReducedTo);
        Assert.Contains(result.Notes(), n => n.Contains("reduced to 30 dimensions"));
        // Unreduced, on the same rows in the same order: centred 30 rows span at most 29 dimensions, so nothing is lost.
        var paired = SpaceComparer.Pair(a, b);
        var full = Procrustes.Fit(paired.A.Matrix.ToArray(), paired.B.Matrix.ToArray(), 30, 50);
        Assert.InRange(full.Disparity, 1e-3, 0.95); // small: 50 dimensions leave a rotation much freedom over 30 rows
        Assert.Equal(full.Disparity, result.ProcrustesDisparity, 4);
        Assert.Equal(30, SpaceComparer.ProcrustesDimensions(30, 50, 50));
        Assert.Equal(SpaceComparer.MaxProcrustesDimensions, SpaceComparer.ProcrustesDimensions(100_000, 4096, 3000));
        Assert.Equal(300, SpaceComparer.ProcrustesDimensions(100_000, 300, 300));
    }

    [Fact]
    public void A_comparison_over_the_budget_is_refused_with_its_size_and_one_under_it_runs()
    {
        var a = ComparisonTests.RandomSet(400, 64, 41);
        var b = ComparisonTests.RandomSet(400, 48, 42);
        long bytes = SpaceComparer.EstimateBytes(400, 64, 48);
        // At least the paired copies and the matrices CKA and Procrustes run on; and it grows with the keys.
        Assert.InRange(bytes, 400L * (64 + 48) * 8, 400L * 1024 * 1024);
        Assert.True(SpaceComparer.EstimateBytes(4000, 64, 48) > bytes);
        var refused = Assert.Throws<MemoryBudgetException>(() => SpaceComparer.Compare(a, b, new ComparisonOptions { Budget = new MemoryBudget(bytes - 1) }));
        Assert.Equal(bytes, refused.NeededBytes);
        Assert.StartsWith("Comparing 400 shared keys (64 and 48 dimensions) needs about", refused.Message);
        Assert.Contains("over the limit of", refused.Message);
        Assert.Equal(400, SpaceComparer.Compare(a, b, new ComparisonOptions { Budget = new MemoryBudget(bytes) }).Shared);
    }
}

/// <summary>The Compare page's jobs size their comparison against the app's job memory bound.</summary>
public class CompareBudgetTests : MudTestContext
{
    public CompareBudgetTests()
    {
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["EmbeddingLab:MaxJobMemoryBytes"] = (2L << 20).ToString() }).Build());
        AddCompareServices();
    }

    [Fact]
    public async Task A_comparison_over_the_job_memory_bound_fails_with_its_size()
    {
        var workspace = Services.GetRequiredService<SessionWorkspace>();
        var state = Services.GetRequiredService<CompareState>();
        workspace.Add("A", ComparisonTests.RandomSet(2000, 100, 51), "Test", "a");
        workspace.Add("B", ComparisonTests.RandomSet(2000, 100, 52), "Test", "b");
        Assert.True(SpaceComparer.EstimateBytes(2000, 100, 100) > 2L << 20);
        (state.NameA, state.NameB) = ("A", "B");
        state.StartCompare();
        await state.Job!.WaitAsync();
        Assert.Equal(JobState.Failed, state.Job.State);
        Assert.Matches(@"^Comparing 2,000 shared keys \(100 and 100 dimensions\) needs about [\d.]+ MB of memory, over the limit of 2 MB per job\.$", state.Job.Error);
        Assert.Null(state.Result);
    }

    [Fact]
    public void Maps_made_with_a_comparison_over_the_job_memory_bound_are_refused_with_their_size_and_the_numbers_still_show()
    {
        var state = Services.GetRequiredService<CompareState>();
        // 1,000 × 600 on each side: the paired copies alone (4.8 MB) are over the 2 MB bound.
        var (a, b) = (ComparisonTests.RandomSet(1000, 600, 53), ComparisonTests.RandomSet(1000, 600, 54));
        var result = SpaceComparer.Compare(a, b, new ComparisonOptions { K = 5 });
        state.Show("A", "B", a, b, result, withMaps: true);
        Assert.Same(result, state.Result);
        Assert.Null(state.Maps);
        Assert.Matches(@"^Side-by-side PCA maps of 1,000 shared keys \(600 and 600 dimensions\) needs about [\d.]+ MB of memory, over the limit of 2 MB per job\.$", state.MapsError);
    }

    [Fact]
    public async Task Draw_maps_over_the_job_memory_bound_fails_with_its_size_and_keeps_the_maps_drawn()
    {
        var state = Services.GetRequiredService<CompareState>();
        // 2,000 × 100: the PCA maps fit in 2 MB (paired copies 1.6 MB), a t-SNE of 2,000 points (91 neighbours each) does not.
        var (a, b) = (ComparisonTests.RandomSet(2000, 100, 55), ComparisonTests.RandomSet(2000, 100, 56));
        state.Show("A", "B", a, b, SpaceComparer.Compare(a, b, new ComparisonOptions { K = 5 }), withMaps: true);
        Assert.Null(state.MapsError);
        var pca = Assert.IsType<Core.Analysis.Comparison.PairedProjectionResult>(state.Maps);
        state.MapMethod = Core.Projection.ProjectionMethod.Tsne;
        state.StartMaps();
        await state.MapsJob!.WaitAsync();
        Assert.Equal(JobState.Failed, state.MapsJob.State);
        Assert.Matches(@"^Side-by-side t-SNE maps of 2,000 shared keys \(100 and 100 dimensions\) needs about [\d.]+ MB of memory, over the limit of 2 MB per job\.$", state.MapsJob.Error);
        Assert.Same(pca, state.Maps);
    }
}
