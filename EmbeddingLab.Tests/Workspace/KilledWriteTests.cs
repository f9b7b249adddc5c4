using System.Diagnostics;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Storage;
using EmbeddingLab.Tests.Formats;
using EmbeddingLab.Tests.Infrastructure;

namespace EmbeddingLab.Tests.Workspace;

/// <summary>A process killed in the middle of writing a set leaves the previous state: earlier sets intact, nothing half-written.</summary>
public class KilledWriteTests
{
    [Fact]
    public async Task A_process_killed_mid_write_leaves_earlier_sets_intact_and_no_torn_set()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        var ws = WorkspaceStore.NewWorkspaceId();
        var small = FormatTestData.Small();
        new WorkspaceStore(new WorkspaceStoreOptions(data)).SaveSet(ws, "earlier", "Other", "", small);

        // A big set (48 MB of vectors), so the child spends a while writing it.
        int rows = 96_000, dims = 128;
        var matrix = new float[rows * dims];
        for (int i = 0; i < matrix.Length; i++) matrix[i] = (i % 977) * 0.001f;
        Npy.Write(dir.File("big.npy"), matrix, rows, dims);

        var cli = Path.Combine(RepoPaths.Root, "EmbeddingLab.Cli", "bin", RepoPaths.Configuration, "net10.0", "EmbeddingLab.Cli.dll");
        var sets = Path.Combine(data, "sets");
        bool killedMidWrite = false;
        for (int attempt = 0; attempt < 5 && !killedMidWrite; attempt++)
        {
            using var child = Process.Start(new ProcessStartInfo("dotnet", [cli, "import", "--data", data, "--workspace", ws, "--in", dir.File("big.npy"), "--name", "big"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            // Kill it the moment its temporary file appears: the set is being written.
            var clock = Stopwatch.StartNew();
            while (!child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (Directory.EnumerateFiles(sets, "*.tmp").Any())
                {
                    child.Kill(entireProcessTree: true);
                    killedMidWrite = true;
                    break;
                }
                Thread.Yield();
            }
            await child.WaitForExitAsync();
            if (!killedMidWrite)
            {
                // It finished first: undo and try again.
                new WorkspaceStore(new WorkspaceStoreOptions(data)).DeleteSet(ws, "big");
            }
        }
        Assert.True(killedMidWrite, "The child process finished every write before it could be killed.");

        var reopened = new WorkspaceStore(new WorkspaceStoreOptions(data));
        var stored = Assert.Single(reopened.ListSets(ws));
        Assert.Equal("earlier", stored.Name);
        FormatTestData.AssertSameSet(small, reopened.LoadSet(stored));
        Assert.Empty(Directory.EnumerateFiles(sets, "*.tmp"));
        Assert.Single(Directory.EnumerateFiles(sets));
    }
}
