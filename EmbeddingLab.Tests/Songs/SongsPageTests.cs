using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Songs;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.Songs;

/// <summary>The Songs page's states, rendered with ASP.NET Core's HtmlRenderer.</summary>
public class SongsPageTests
{
    private sealed class FixedSource(EmbeddingSet set) : IDemoSetSource
    {
        public string Name => SongsDemoSource.DemoName;
        public string Kind => "Songs";
        public string Description => "test";
        public Task<EmbeddingSet> BuildAsync(CancellationToken cancellationToken) => Task.FromResult(set);
    }

    private static async Task<AngleSharp.Dom.IDocument> RenderAsync(IDemoSetSource? source)
    {
        var library = new DemoLibrary(source is null ? [] : [source], NullLogger<DemoLibrary>.Instance);
        await library.StartAsync(CancellationToken.None);
        await library.WaitAllAsync(CancellationToken.None);
        return await ComponentHarness.RenderAsync<EmbeddingLab.Web.Components.Pages.Songs>(null, services =>
        {
            services.AddSingleton(library);
            services.AddScoped<SessionWorkspace>();
            services.AddScoped<JobRunner>();
            services.AddSingleton(new EmbeddingLab.Web.Downloads.DownloadSettings(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()));
            services.AddScoped<EmbeddingLab.Web.Downloads.SessionDownloads>();
        });
    }

    [Fact]
    public async Task WithoutAModelShowsSimulatedDemoAndChapterPreset()
    {
        var doc = await RenderAsync(null);
        Assert.Contains("Simulated data", doc.QuerySelector("[data-testid=demo-note]")!.TextContent);
        Assert.Equal("32", doc.QuerySelector("[data-testid=p-vector-size]")!.GetAttribute("value"));
        Assert.Equal("20", doc.QuerySelector("[data-testid=p-window]")!.GetAttribute("value"));
        Assert.Equal("50", doc.QuerySelector("[data-testid=p-negative]")!.GetAttribute("value"));
        Assert.Equal("1", doc.QuerySelector("[data-testid=p-min-count]")!.GetAttribute("value"));
        Assert.Equal("5", doc.QuerySelector("[data-testid=p-epochs]")!.GetAttribute("value"));
        Assert.NotNull(doc.QuerySelector("[data-testid=no-model]"));
        Assert.Null(doc.QuerySelector("[data-testid=song-search]"));
    }

    [Fact]
    public async Task WithTheDemoModelOffersSearch()
    {
        var keys = new[] { "0", "1", "2" };
        var set = new SongCatalog([new Song(0, "A", "X", []), new Song(1, "B", "Y", []), new Song(2, "C", "Z", [])])
            .Annotate(new EmbeddingSet(keys, [1, 0, 0, 1, 1, 1], 2));
        var doc = await RenderAsync(new FixedSource(set));
        Assert.Contains(SongsDemoSource.DemoName, doc.QuerySelector("[data-testid=model-name]")!.TextContent);
        Assert.NotNull(doc.QuerySelector("[data-testid=song-search]"));
        Assert.NotNull(doc.QuerySelector("[data-testid=show-projector]"));
    }

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
