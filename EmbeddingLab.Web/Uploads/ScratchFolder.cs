namespace EmbeddingLab.Web.Uploads;

/// <summary>
/// A folder of temporary files owned by this server process: <c>ROOT/INSTANCE/</c>, with a lock file held open for
/// the process's lifetime. At start-up, <see cref="SweepLeftovers"/> deletes every other instance folder whose lock
/// is free — files left by a process that crashed or was killed — and never those of a server still running
/// (several can share the temp folder, as the browser tests do).
/// </summary>
public sealed class ScratchFolder : IDisposable
{
    private const string LockName = ".owner.lock";
    private readonly FileStream _lock;

    public ScratchFolder(string root)
    {
        Root = root;
        Path = System.IO.Path.Combine(root, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
        // FileShare.None is an exclusive advisory lock on Unix and a sharing lock on Windows: free again when we exit.
        _lock = new FileStream(System.IO.Path.Combine(Path, LockName), FileMode.Create, FileAccess.ReadWrite, FileShare.None);
    }

    /// <summary>Where every session folder of this process goes.</summary>
    public string Path { get; }

    public string Root { get; }

    /// <summary>Deletes what earlier processes left under <see cref="Root"/>; returns how many folders went.</summary>
    public int SweepLeftovers()
    {
        int removed = 0;
        if (!Directory.Exists(Root)) return 0;
        foreach (var dir in Directory.EnumerateDirectories(Root))
        {
            if (string.Equals(dir, Path, StringComparison.Ordinal)) continue;
            try
            {
                var lockFile = System.IO.Path.Combine(dir, LockName);
                if (File.Exists(lockFile))
                {
                    // Opening it exclusively succeeds only when its owner is gone.
                    using var probe = new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                }
                Directory.Delete(dir, recursive: true);
                removed++;
            }
            catch (IOException) { }                 // locked: a running server's folder
            catch (UnauthorizedAccessException) { } // not ours to delete
        }
        // Loose files from versions that wrote straight into the root.
        foreach (var file in Directory.EnumerateFiles(Root))
        {
            try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return removed;
    }

    public void Dispose()
    {
        _lock.Dispose();
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>At start-up, removes uploads and download caches left by earlier runs of the server.</summary>
public sealed class LeftoverSweeper(UploadFolder uploads, Downloads.DownloadSettings downloads, ILogger<LeftoverSweeper> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        int removed = uploads.Scratch.SweepLeftovers() + downloads.Scratch.SweepLeftovers();
        if (removed > 0) log.LogInformation("Removed {Count} folders of uploads and downloads left by earlier runs", removed);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
