using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using EmbeddingLab.Core.Net;

namespace EmbeddingLab.Core.Encoding.Hub;

/// <summary>Where models come from and where they are kept. <see cref="Offline"/> uses the cache only (like HF_HUB_OFFLINE=1).</summary>
public sealed record ModelHubOptions(string CacheDirectory, string Endpoint = ModelHub.DefaultEndpoint, string Revision = "main", bool Offline = false);

/// <summary>Bytes of one file done of its total (null when the server does not say), and which file of how many.</summary>
public readonly record struct DownloadProgress(string File, int FileIndex, int FileCount, long BytesDone, long? BytesTotal);

/// <summary>A download that stopped part-way; the partial file stays in the cache and the next attempt resumes it.</summary>
public sealed class ModelDownloadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Downloads a sentence-transformers model from Hugging Face's file URLs ({endpoint}/{repo}/resolve/{revision}/{path}) into
/// {cache}/{owner}--{name}/{revision}: the folder layout files, tokenizer files and the ONNX weights. Files arrive as
/// *.partial and are renamed when complete; an interrupted file resumes with an HTTP Range request. Fetches go through a
/// <see cref="GuardedHttpClient"/> (public addresses only unless its policy allows others, redirects — Hugging Face
/// sends its large files to a CDN — checked hop by hop, size cap), and failures say "Could not download from HOST: …".
/// </summary>
public sealed partial class ModelHub(ModelHubOptions options, GuardedHttpClient? httpClient = null)
{
    public const string DefaultEndpoint = "https://huggingface.co";
    /// <summary>Written into a model folder when its download finished (lists the files).</summary>
    public const string CompleteMarker = ".embeddinglab-complete";

    /// <summary>Required files; the first entry is the weights (onnx/model.onnx, else model.onnx).</summary>
    private static readonly string[] RequiredFiles = ["config.json"];
    private static readonly string[] OptionalFiles =
        ["modules.json", "sentence_bert_config.json", "1_Pooling/config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"];

    // Made on first download only: hubs built just to look at the cache never open a connection pool.
    private GuardedHttpClient? _ownHttp;
    private GuardedHttpClient _http => httpClient ?? (_ownHttp ??= new GuardedHttpClient());

    public ModelHubOptions Options { get; } = options;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$")]
    private static partial Regex RepoIdPattern();

    /// <summary>Local folder for <paramref name="repoId"/> at the configured revision (it may not exist yet).</summary>
    public string LocalPath(string repoId)
    {
        ValidateRepoId(repoId);
        return Path.Combine(Options.CacheDirectory, repoId.Replace("/", "--"), Options.Revision.Replace("/", "--"));
    }

    /// <summary>True when a previous download of <paramref name="repoId"/> finished.</summary>
    public bool IsCached(string repoId) => File.Exists(Path.Combine(LocalPath(repoId), CompleteMarker));

    /// <summary>Downloads (or, offline or already complete, just finds) the model and returns its local folder.</summary>
    public async Task<string> DownloadAsync(string repoId, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        string folder = LocalPath(repoId);
        if (IsCached(repoId)) return folder;
        if (Options.Offline)
            throw new ModelDownloadException($"Model '{repoId}' is not in the cache ({folder}) and offline mode is on; download it once while online.");

        Directory.CreateDirectory(folder);
        var files = new List<string>();
        int total = 1 + RequiredFiles.Length + OptionalFiles.Length, index = 0;

        // Weights: onnx/model.onnx (sentence-transformers' ONNX export), else model.onnx at the top.
        string? weights = null;
        foreach (string candidate in new[] { "onnx/model.onnx", "model.onnx" })
            if (await FetchAsync(repoId, candidate, folder, index, total, required: false, progress, cancellationToken))
            {
                weights = candidate;
                break;
            }
        if (weights is null)
            throw new ModelDownloadException($"'{repoId}' has no ONNX weights at {Url(repoId, "onnx/model.onnx")} or {Url(repoId, "model.onnx")}.");
        files.Add(weights);
        index++;
        foreach (string f in RequiredFiles)
        {
            await FetchAsync(repoId, f, folder, index++, total, required: true, progress, cancellationToken);
            files.Add(f);
        }
        foreach (string f in OptionalFiles)
            if (await FetchAsync(repoId, f, folder, index++, total, required: false, progress, cancellationToken)) files.Add(f);
        if (!files.Contains("tokenizer.json") && !files.Contains("vocab.txt"))
            throw new ModelDownloadException($"'{repoId}' has neither tokenizer.json nor vocab.txt.");
        await File.WriteAllLinesAsync(Path.Combine(folder, CompleteMarker), files, cancellationToken);
        return folder;
    }

    private string Url(string repoId, string path) =>
        $"{Options.Endpoint.TrimEnd('/')}/{repoId}/resolve/{Uri.EscapeDataString(Options.Revision)}/{path}";

    /// <summary>Fetches one file unless already complete. Returns false when the server has no such optional file (404).</summary>
    private async Task<bool> FetchAsync(string repoId, string path, string folder, int index, int count, bool required,
        IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        string target = Path.Combine(folder, path.Replace('/', Path.DirectorySeparatorChar));
        if (File.Exists(target)) return true;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string partial = target + ".partial";
        long have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        string url = Url(repoId, path);

        var uri = new Uri(url);
        HttpResponseMessage response;
        try { response = await _http.GetAsync(uri, m => { if (have > 0) m.Headers.Range = new RangeHeaderValue(have, null); }, ct); }
        catch (DownloadException e) { throw new ModelDownloadException(e.Message, e); }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound && !required) return false;
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have > 0)
            {
                // The partial file already holds everything (or the server changed): start over next time.
                File.Delete(partial);
                return await FetchAsync(repoId, path, folder, index, count, required, progress, ct);
            }
            if (!response.IsSuccessStatusCode)
            {
                var bad = GuardedHttpClient.BadStatus(uri, response);
                throw new ModelDownloadException($"{bad.Message} (for {path}).", bad);
            }

            bool resumed = response.StatusCode == HttpStatusCode.PartialContent;
            if (!resumed) have = 0; // the server ignored Range: rewrite from the start
            long? totalBytes = response.Content.Headers.ContentLength is long len ? len + have : null;
            bool tooLarge = false;
            await using (var output = new FileStream(partial, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await using var input = await response.Content.ReadAsStreamAsync(ct);
                var buffer = new byte[1 << 16];
                long done = have, lastReport = -1;
                progress?.Report(new DownloadProgress(path, index, count, done, totalBytes));
                try
                {
                    for (int read; (read = await input.ReadAsync(buffer, ct)) > 0;)
                    {
                        done += read;
                        if (done > _http.Policy.MaxBytes) { tooLarge = true; break; }
                        await output.WriteAsync(buffer.AsMemory(0, read), ct);
                        if (done - lastReport >= 1 << 20)
                        {
                            progress?.Report(new DownloadProgress(path, index, count, done, totalBytes));
                            lastReport = done;
                        }
                    }
                }
                catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
                {
                    throw new ModelDownloadException(GuardedHttpClient.Interrupted(uri, done, e).Message + ".", e);
                }
                if (!tooLarge && totalBytes is long t && done != t)
                    throw new ModelDownloadException(GuardedHttpClient.Interrupted(uri, done, new EndOfStreamException()).Message + ".");
                progress?.Report(new DownloadProgress(path, index, count, done, totalBytes));
            }
            if (tooLarge)
            {
                File.Delete(partial); // never resumed: the cap would only be hit again
                throw new ModelDownloadException($"Could not download from {uri.Host}: {_http.TooLarge(_http.Policy.MaxBytes + 1)}.");
            }
            File.Move(partial, target, overwrite: true);
            return true;
        }
    }

    private static void ValidateRepoId(string repoId)
    {
        if (string.IsNullOrWhiteSpace(repoId) || !RepoIdPattern().IsMatch(repoId) || repoId.Contains(".."))
            throw new ArgumentException($"'{repoId}' is not a model id like 'sentence-transformers/all-MiniLM-L6-v2'.", nameof(repoId));
    }
}
