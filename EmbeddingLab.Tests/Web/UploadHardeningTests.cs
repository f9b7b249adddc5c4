using Bunit;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Shared;
using EmbeddingLab.Web.Uploads;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace EmbeddingLab.Tests.Web;

/// <summary>Uploads refused from their first bytes, temporary files that do not outlive the work or the server run.</summary>
public class UploadHardeningTests : MudTestContext
{
    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(3).NextBytes(bytes);
        return bytes;
    }

    private string SessionFolder()
    {
        var uploads = Services.GetRequiredService<SessionUploads>();
        return Path.GetDirectoryName(uploads.NewPath("probe.txt"))!;
    }

    [Fact]
    public void A_binary_file_on_a_text_upload_is_refused_with_its_name_and_leaves_no_file()
    {
        UploadedFile? received = null;
        var box = Render<UploadBox>(p => p.Add(c => c.Check, UploadChecks.Text).Add(c => c.OnUploaded, f => received = f));
        box.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(RandomBytes(300_000), "rand5m.bin"));
        box.WaitForAssertion(() => Assert.StartsWith("rand5m.bin, line ", box.Find("[data-testid=upload-error]").TextContent));
        Assert.Contains("is this a binary file?", box.Find("[data-testid=upload-error]").TextContent);
        Assert.Null(received);
        Assert.DoesNotContain(Directory.GetFiles(SessionFolder()), f => f.EndsWith(".bin"));
    }

    [Fact]
    public void A_text_file_passes_the_check_and_arrives_whole()
    {
        UploadedFile? received = null;
        var text = string.Concat(Enumerable.Range(0, 5000).Select(i => $"sentence {i} with café\n"));
        var box = Render<UploadBox>(p => p.Add(c => c.Check, UploadChecks.Text).Add(c => c.OnUploaded, f => received = f));
        box.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(text, "notes.txt"));
        box.WaitForAssertion(() => Assert.NotNull(received));
        Assert.Equal("notes.txt", received!.DisplayName);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), File.ReadAllBytes(received.Path));
        Assert.Empty(box.FindAll("[data-testid=upload-error]"));
    }

    [Fact]
    public void A_file_that_is_not_a_vector_file_is_refused_from_its_first_line()
    {
        var box = Render<UploadBox>(p => p.Add(c => c.Check, UploadChecks.VectorFile));
        box.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("Dear diary, today I\nwent out\n", "diary.txt"));
        box.WaitForAssertion(() => Assert.Equal("diary.txt, line 1: expected a word2vec header \"count dimensions\" (two integers) or a GloVe line \"word v1 v2 …\", found \"Dear diary, today I\".",
            box.Find("[data-testid=upload-error]").TextContent));
    }

    [Theory]
    [InlineData("3 2\na 1 2\n", true)]
    [InlineData("the 0.1 -0.2 0.3\n", true)]
    [InlineData("2 2\nbinary\x01\x02", true)]        // word2vec binary: only the header line is text
    [InlineData("2 99999999\n", false)]            // dimensions over the limit
    [InlineData("the 0.1 nan\n", false)]           // a GloVe line with a non-finite value
    [InlineData("\x7FELF\x02\x01\x01\0\0", false)] // an executable
    public void The_vector_head_check_accepts_vector_files_only(string head, bool ok)
    {
        var check = UploadChecks.VectorFile("v.txt");
        void Run()
        {
            foreach (byte b in System.Text.Encoding.Latin1.GetBytes(head)) check.Append([b]); // arrives byte by byte
            check.Complete();
        }
        if (ok) Run();
        else Assert.StartsWith("v.txt, line 1: ", Assert.Throws<VectorFormatException>(Run).Message);
    }

    [Fact]
    public void Start_up_sweeps_folders_of_dead_runs_but_not_those_of_a_running_server()
    {
        var root = Directory.CreateTempSubdirectory("el-scratch-").FullName;
        try
        {
            using var running = new ScratchFolder(root);           // another server, still up
            File.WriteAllText(Path.Combine(running.Path, "upload.bin"), "x");
            var dead = Path.Combine(root, "1234-deadbeef");         // a crashed run: its lock file is free
            Directory.CreateDirectory(Path.Combine(dead, "session"));
            File.WriteAllText(Path.Combine(dead, ".owner.lock"), "");
            File.WriteAllText(Path.Combine(dead, "session", "train.txt"), "big");
            var legacy = Path.Combine(root, "9f0c1e");              // a session folder from before the owner locks
            Directory.CreateDirectory(legacy);

            using var me = new ScratchFolder(root);
            Assert.Equal(2, me.SweepLeftovers());
            Assert.False(Directory.Exists(dead));
            Assert.False(Directory.Exists(legacy));
            Assert.True(File.Exists(Path.Combine(running.Path, "upload.bin")));
            Assert.True(Directory.Exists(me.Path));

            me.Dispose();
            Assert.False(Directory.Exists(me.Path)); // a clean shutdown leaves nothing
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
