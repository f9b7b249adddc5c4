using EmbeddingLab.Core.Projection;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Projector;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmbeddingLab.Tests.Projection;

/// <summary>Isolating a selection is a projection job like any other: sized before it starts and refused over the job's memory bound.</summary>
public class IsolateBudgetTests : MudTestContext
{
    public IsolateBudgetTests()
    {
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["EmbeddingLab:MaxJobMemoryBytes"] = (5L << 20).ToString() }).Build());
        AddWorkspaceServices();
        Services.AddScoped<ProjectorState>();
    }

    [Fact]
    public async Task An_isolated_umap_over_the_job_memory_bound_is_refused_with_its_size_and_the_whole_map_stays()
    {
        var random = new Random(3);
        var data = Enumerable.Range(0, 3000 * 10).Select(_ => (float)random.NextDouble()).ToArray();
        var set = new EmbeddingSet(Enumerable.Range(0, 3000).Select(i => $"p{i}").ToArray(), data, 10);
        Services.GetRequiredService<SessionWorkspace>().Add("points", set, "Other", "test");
        var projector = Services.GetRequiredService<ProjectorState>();
        projector.SelectSet("points");
        Assert.True(projector.Run()); // PCA: well under 5 MB
        await projector.Job!.WaitAsync();
        var whole = projector.Projection!;

        projector.Settings.Method = ProjectionMethod.Umap; // UMAP of 3,000 × 10 needs about 7.9 MB
        projector.Select(Enumerable.Range(0, 3000).ToArray(), 3000);
        Assert.True(projector.Isolate());
        await projector.Job!.WaitAsync();
        Assert.Equal(JobState.Failed, projector.Job.State);
        Assert.Matches(@"^UMAP of 3,000 points × 10 dimensions .* needs about [\d.]+ MB of memory, over the limit of 5 MB per job\.$", projector.Job.Error);
        Assert.Same(whole, projector.Projection);
        Assert.False(projector.IsIsolated);
    }
}
