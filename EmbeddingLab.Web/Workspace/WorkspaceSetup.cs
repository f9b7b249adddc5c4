using System.IO.Compression;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Storage;
using EmbeddingLab.Web.Jobs;

namespace EmbeddingLab.Web.Workspace;

/// <summary>The persistent workspace: services, the cookie middleware and the download endpoint.</summary>
public static class WorkspaceSetup
{
    public static IServiceCollection AddPersistentWorkspaces(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = WorkspaceSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddSingleton(_ => new WorkspaceStore(new WorkspaceStoreOptions(settings.DataPath, settings.QuotaBytes, settings.WritePause)));
        services.AddSingleton(_ => new DemoCache(settings.DemoCachePath));
        services.AddSingleton(_ => new SetCache(settings.SetCacheBytes));
        services.AddSingleton<WorkspaceHub>();
        services.AddSingleton<WorkspaceJobs>();
        services.AddScoped<WorkspaceContext>();
        return services;
    }

    /// <summary>Before the Blazor endpoints: every page request carries (or gets) its workspace cookie.</summary>
    public static WebApplication UseWorkspaceCookie(this WebApplication app)
    {
        // Start the job registry now: it marks jobs cut off by the last stop as interrupted.
        app.Services.GetRequiredService<WorkspaceJobs>();
        app.UseMiddleware<WorkspaceCookie>();
        app.MapGet("/workspace/download", Download);
        return app;
    }

    /// <summary>
    /// GET /workspace/download?set=NAME&amp;format=FORMAT: a set of this browser's workspace (or a demo set) as a file;
    /// TSV and .npy come as a zip with the vectors and metadata.tsv. The set is found by name in the caller's own
    /// workspace (cookie), so no one can download another workspace's sets.
    /// </summary>
    private static async Task<IResult> Download(HttpContext http, string set, string? format, WorkspaceHub hub, DemoLibrary demos, CancellationToken ct)
    {
        var id = WorkspaceCookie.From(http);
        if (id is null) return Results.BadRequest("No workspace.");
        EmbeddingFormat f;
        try { f = format is null ? EmbeddingFormat.Word2VecText : EmbeddingFiles.ParseName(format); }
        catch (ArgumentException e) { return Results.BadRequest(e.Message); }
        var entry = hub.Get(id).Entries.FirstOrDefault(e => e.Name == set) ?? demos.Ready.FirstOrDefault(d => d.Name == set);
        if (entry is null) return Results.NotFound($"There is no set called \"{set}\" in this workspace.");
        var baseName = SafeFileName(set);
        var folder = Directory.CreateTempSubdirectory("el-download-");
        try
        {
            var vectors = Path.Combine(folder.FullName, EmbeddingFiles.HasMetadataFile(f) ? (f == EmbeddingFormat.Npy ? "vectors.npy" : "vectors.tsv") : baseName + EmbeddingFiles.ExtensionOf(f));
            var written = await Task.Run(() => EmbeddingFiles.Write(PrepareForFormat(entry.Set, f), vectors, f,
                EmbeddingFiles.HasMetadataFile(f) ? Path.Combine(folder.FullName, "metadata.tsv") : null), ct);
            byte[] body;
            string contentType, fileName;
            if (written.Count > 1)
            {
                using var zip = new MemoryStream();
                using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
                    foreach (var file in written) archive.CreateEntryFromFile(file, Path.GetFileName(file));
                body = zip.ToArray();
                contentType = "application/zip";
                fileName = baseName + "-" + EmbeddingFiles.NameOf(f) + ".zip";
            }
            else
            {
                body = await File.ReadAllBytesAsync(written[0], ct);
                contentType = "application/octet-stream";
                fileName = Path.GetFileName(written[0]);
            }
            return Results.File(body, contentType, fileName);
        }
        catch (ArgumentException e) { return Results.BadRequest(e.Message); }
        finally { try { folder.Delete(recursive: true); } catch (IOException) { } }
    }

    /// <summary>word2vec/GloVe keys cannot hold whitespace: those formats get keys with '_' for each blank.</summary>
    private static Core.Vectors.EmbeddingSet PrepareForFormat(Core.Vectors.EmbeddingSet set, EmbeddingFormat format)
    {
        if (format is EmbeddingFormat.ProjectorTsv or EmbeddingFormat.Npy or EmbeddingFormat.Parquet) return set;
        if (!set.Keys.Any(k => k.Length == 0 || k.AsSpan().IndexOfAny(" \t\n\r") >= 0)) return set;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keys = set.Keys.Select((k, i) =>
        {
            var clean = k.Length == 0 ? $"row{i}" : string.Concat(k.Select(c => char.IsWhiteSpace(c) ? '_' : c));
            while (!seen.Add(clean)) clean += "_";
            return clean;
        }).ToArray();
        return new Core.Vectors.EmbeddingSet(keys, set.Matrix.ToArray(), set.Dimensions, set.Metadata);
    }

    /// <summary>A file name for the browser from a set name: letters, digits, '-', '_' and '.', at most 60 characters.</summary>
    public static string SafeFileName(string name)
    {
        var clean = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()).Trim('.', '_');
        if (clean.Length > 60) clean = clean[..60];
        return clean.Length == 0 ? "set" : clean;
    }
}
