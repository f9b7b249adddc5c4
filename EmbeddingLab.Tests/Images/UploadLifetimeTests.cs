using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Images;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EmbeddingLab.Tests.Images;

/// <summary>A session without a store keeps its uploaded images while one of its sets uses them, and not after it ends.</summary>
public sealed class UploadLifetimeTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("el-uploads-").FullName;
    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static EmbeddingSet SetOf(params string[] paths) =>
        new EmbeddingSet(paths.Select((_, i) => $"img{i}").ToArray(), new float[paths.Length * 2], 2).WithColumn(new MetadataColumn(ImageColumn.Name, paths));

    private static string Image(string folder)
    {
        var path = Path.Combine(folder, "a.png");
        File.WriteAllBytes(path, [1, 2, 3]);
        return path;
    }

    [Fact]
    public void Images_go_with_the_last_set_that_uses_them_and_with_the_session()
    {
        var folders = new ImageFolders(new WorkspaceSettings(_data, 1 << 30, 1 << 30, Path.Combine(_data, "demos")), new ConfigurationBuilder().Build());
        string u1 = folders.NewUploadFolder(), u2 = folders.NewUploadFolder();
        string a = Image(u1), b = Image(u2);
        var workspace = new SessionWorkspace(new DemoLibrary([], NullLogger<DemoLibrary>.Instance), folders);
        workspace.Add("first", SetOf(a), "Images", "");
        workspace.Add("both", SetOf(a, b), "Images", "");

        workspace.Remove("first");
        Assert.True(File.Exists(a), "the other set still uses it");

        workspace.Add("both", SetOf(b), "Images", ""); // replaced by a set without the first upload
        Assert.False(Directory.Exists(u1));
        Assert.True(File.Exists(b));

        workspace.Dispose(); // the circuit ended
        Assert.False(Directory.Exists(u2));
    }
}
