using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Songs;

/// <summary>
/// "Songs (demo)": word2vec (the chapter's settings) trained at start-up on the generated, simulated radio playlists,
/// with title, artist, genre and decade per song. Takes a few seconds.
/// </summary>
public sealed class SongsDemoSource : IDemoSetSource
{
    public const string DemoName = "Songs (demo)";

    public string Name => DemoName;
    public string Kind => "Songs";
    public string Description => "word2vec on simulated radio-station playlists (generated data, not real songs)";
    public int Order => 10;

    public Task<EmbeddingSet> BuildAsync(CancellationToken cancellationToken) => BuildAsync(new Core.Reporting.InlineProgress<DemoBuildProgress>(_ => { }), cancellationToken);

    public Task<EmbeddingSet> BuildAsync(IProgress<DemoBuildProgress> progress, CancellationToken cancellationToken) => Task.Run(() =>
    {
        progress.Report(new DemoBuildProgress(0, "generating playlists"));
        var demo = DemoPlaylists.Generate();
        var result = Word2Vec.Train(YesPlaylistLoader.AsSentences(demo.Playlists), Word2VecOptions.SongPreset with { Workers = 2 },
            DemoProgress.Training(progress), cancellationToken);
        return demo.Catalog.Annotate(result.Vectors);
    }, cancellationToken);
}
