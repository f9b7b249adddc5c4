using EmbeddingLab.Core.Encoding.Hub;
using EmbeddingLab.Core.Encoding.Transformers;

namespace EmbeddingLab.Web.SentenceSupport;

/// <summary>A transformer model folder the Sentences page can offer: its label and where it is.</summary>
public sealed record ModelFolder(string Label, string Path);

/// <summary>
/// The transformer models folder (<c>EmbeddingLab:ModelsPath</c>, default a <c>models</c> folder under the user's local
/// application data) and the model hub (<c>EmbeddingLab:HubEndpoint</c>) that downloads into it.
/// </summary>
public sealed class TransformerModels
{
    private readonly Downloads.DownloadSettings _downloads;

    public TransformerModels(IConfiguration configuration, Downloads.DownloadSettings downloads)
    {
        _downloads = downloads;
        string? configured = configuration["EmbeddingLab:ModelsPath"];
        ModelsPath = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultModelsPath() : configured);
        string? endpoint = configuration["EmbeddingLab:HubEndpoint"];
        HubEndpoint = string.IsNullOrWhiteSpace(endpoint) ? ModelHub.DefaultEndpoint : endpoint.TrimEnd('/');
    }

    public string ModelsPath { get; }
    public string HubEndpoint { get; }

    private static string DefaultModelsPath()
    {
        string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(root)) root = Path.GetTempPath();
        return Path.Combine(root, "EmbeddingLab", "models");
    }

    /// <summary>
    /// Model folders under <see cref="ModelsPath"/>: a sub-folder with ONNX weights and a tokenizer (labelled by its name), or a
    /// finished hub download ({owner}--{name}/{revision}, labelled owner/name). The folder is created on first look so users can find it.
    /// </summary>
    public IReadOnlyList<ModelFolder> List()
    {
        var found = new List<ModelFolder>();
        try
        {
            Directory.CreateDirectory(ModelsPath);
            foreach (var dir in Directory.EnumerateDirectories(ModelsPath).Order(StringComparer.OrdinalIgnoreCase))
            {
                string name = Path.GetFileName(dir);
                if (IsModelFolder(dir)) { found.Add(new ModelFolder(name, dir)); continue; }
                // The hub's layout: one folder per revision; only finished downloads count.
                string repoId = name.Replace("--", "/");
                foreach (var revisionDir in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
                {
                    string revision = Path.GetFileName(revisionDir);
                    try
                    {
                        var hub = new ModelHub(new ModelHubOptions(ModelsPath, HubEndpoint, revision));
                        if (!hub.IsCached(repoId) || !IsModelFolder(revisionDir)) continue;
                    }
                    catch (ArgumentException) { continue; } // not a hub folder name
                    found.Add(new ModelFolder(revision == "main" ? repoId : $"{repoId}@{revision}", revisionDir));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // an unreadable folder offers nothing
        return found;
    }

    private static bool IsModelFolder(string dir) =>
        SentenceTransformerModel.OnnxCandidates.Any(c => File.Exists(Path.Combine(dir, c)))
        && (File.Exists(Path.Combine(dir, "tokenizer.json")) || File.Exists(Path.Combine(dir, "vocab.txt")));

    /// <summary>A hub that downloads into <see cref="ModelsPath"/> from <see cref="HubEndpoint"/>.</summary>
    public ModelHub Hub() => new(new ModelHubOptions(ModelsPath, HubEndpoint), _downloads.Http);
}
