using EmbeddingLab.Core.Storage;

namespace EmbeddingLab.Web.Workspace;

/// <summary>
/// At start-up, in the background: deletes uploaded images and sprite atlases no saved or demo set uses any more
/// (left by a crash, a cut-off session or an older version) once they are older than EmbeddingLab:OrphanFileAgeHours
/// (24 by default; younger files may belong to an upload being encoded right now).
/// </summary>
public sealed class SetFileSweeper(WorkspaceStore store, IConfiguration configuration, ILogger<SetFileSweeper> log, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var age = TimeSpan.FromHours(Math.Max(0, configuration.GetValue<double?>("EmbeddingLab:OrphanFileAgeHours") ?? 24));
        var stopping = lifetime.ApplicationStopping;
        _ = Task.Run(() =>
        {
            try
            {
                var swept = store.SweepFiles(age, stopping);
                if (swept.Uploads + swept.Atlases > 0)
                    log.LogInformation("Removed {Uploads} uploaded image folders and {Atlases} sprite atlases no set uses", swept.Uploads, swept.Atlases);
                if (swept.UnreadableSets > 0)
                    log.LogWarning("{Count} saved sets could not be read; uploaded images were kept", swept.UnreadableSets);
            }
            catch (OperationCanceledException) { }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                log.LogWarning(e, "The sweep of unused uploaded images and atlases failed");
            }
        }, stopping);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
