using EmbeddingLab.Core.Encoding;
using EmbeddingLab.Core.Encoding.Images;
using EmbeddingLab.Core.Reporting;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Uploads;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Images;

/// <summary>One image of the gallery or a neighbour list: its row in the set, key, label and similarity (neighbours only).</summary>
public sealed record GalleryImage(int Row, string Key, string Label, float? Similarity = null);

/// <summary>
/// What the Images page shows for one browser session: the uploads waiting to be encoded, the encoding job and the
/// images it skipped, the set in the gallery, the clicked image and its nearest images. Scoped; the job runs here so an
/// encoding started before navigating away lands in the workspace when it finishes.
/// </summary>
public sealed class ImagesState(SessionWorkspace workspace, JobRunner jobs, ImageEncoders encoders, ImageFolders folders)
{
    public const int PageSize = 48;
    public const int NeighborCount = 12;

    private readonly List<UploadedFile> _uploads = new();

    /// <summary>Raised (on any thread) when a job's outcome changed what the page shows.</summary>
    public event Action? Changed;

    public bool ModelAvailable => encoders.Available;
    public IReadOnlyList<UploadedFile> Uploads => _uploads;
    public bool Uploading { get; set; }
    public string? Name { get; set; }
    public bool Normalize { get; set; }
    public BackgroundJob? Job { get; private set; }
    public bool IsRunning => Job?.IsRunning == true;
    public string? Error { get; private set; }
    public IReadOnlyList<ImageFailure> Skipped { get; private set; } = [];

    /// <summary>Workspace sets whose rows carry images (the gallery's choices), image-encoded sets first.</summary>
    public IReadOnlyList<WorkspaceEntry> ImageSets => workspace.Entries.Where(e => e.Columns.Contains(ImageColumn.Name))
        .OrderBy(e => e.Kind == "Images" ? 0 : 1).ToList();

    public string? SetName { get; private set; }
    public string Filter { get; private set; } = "";
    public int Page { get; private set; }
    public int? Selected { get; private set; }
    public IReadOnlyList<GalleryImage> Neighbors { get; private set; } = [];

    private EmbeddingSet? Set => SetName is null ? null : workspace.Get(SetName)?.Set;

    public void AddUpload(UploadedFile file)
    {
        Error = null;
        _uploads.Add(file);
    }

    public void ClearUploads() => _uploads.Clear();

    /// <summary>Encodes the uploaded images and archives as one set; a problem found before starting becomes <see cref="Error"/>.</summary>
    public void StartEncode()
    {
        Error = null;
        if (!ModelAvailable) { Error = "The ResNet-18 model is not on this server (restore the NuGet packages)."; return; }
        if (_uploads.Count == 0) { Error = "Upload images or a .zip of a folder of images first."; return; }
        var uploads = _uploads.ToList();
        var baseName = string.IsNullOrWhiteSpace(Name)
            ? (uploads.Count == 1 && uploads[0].DisplayName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? Path.GetFileNameWithoutExtension(uploads[0].DisplayName) : "Images") + " (ResNet-18)"
            : Name.Trim();
        bool normalize = Normalize;
        // The set's image column points into this folder: it lives as long as a set uses it (the workspace deletes it
        // with the last such set); a cancelled or failed encoding deletes it at once.
        var folder = folders.NewUploadFolder();
        Job = jobs.Start($"Encoding images with ResNet-18", async job =>
        {
            await Task.Yield();
            try
            {
                job.Report(new JobProgress(null, "Unpacking…"));
                var items = Collect(uploads, folder, job.CancellationToken);
                if (items.Count == 0) throw new InvalidDataException("The uploads hold no PNG, JPEG, GIF, WebP or BMP images.");
                job.Report(new JobProgress(0, "Loading ResNet-18…"));
                var encoder = encoders.ResNet18;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var progress = new InlineProgress<EncodingProgress>(p => job.Report(new JobProgress((double)p.Done / p.Total,
                    $"{p.Done:N0} of {p.Total:N0} images", [("images/s", (p.Done / Math.Max(clock.Elapsed.TotalSeconds, 1e-3)).ToString("N1"))])));
                return Core.Encoding.Images.ImageSets.EncodeFolder(encoder, items, new ImageEncoderOptions { Normalize = normalize }, progress, job.CancellationToken);
            }
            catch
            {
                ImageFolders.DeleteFolder(folder);
                throw;
            }
        }, result =>
        {
            var name = workspace.UniqueName(baseName);
            try { workspace.Add(name, result.Set, "Images", $"{result.Set.Count:N0} uploaded images encoded with ResNet-18 (512-d pooled features{(normalize ? ", L2-normalised" : "")})"); }
            catch
            {
                ImageFolders.DeleteFolder(folder); // e.g. over the workspace quota: no set uses the images
                throw;
            }
            Skipped = result.Failures;
            _uploads.Clear();
            Choose(name);
            Changed?.Invoke();
        }, kind: "images");
    }

    /// <summary>Copies single images into the upload's folder under the image root and unpacks archives beside them.</summary>
    private static List<ImageItem> Collect(IReadOnlyList<UploadedFile> uploads, string folder, CancellationToken cancellationToken)
    {
        var items = new List<ImageItem>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var upload in uploads)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var safe = SafeName(upload.DisplayName);
            if (upload.DisplayName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                var stem = Unique(used, Path.GetFileNameWithoutExtension(safe));
                foreach (var item in ImageFolder.ReadZip(upload.Path, Path.Combine(folder, stem), upload.DisplayName, cancellationToken: cancellationToken))
                    items.Add(item with { Key = uploads.Count == 1 ? item.Key : $"{stem}/{item.Key}" });
            }
            else if (ImageFolder.IsImageFile(safe))
            {
                var name = Unique(used, safe);
                var path = Path.Combine(folder, name);
                File.Copy(upload.Path, path);
                items.Add(new ImageItem(name, "", path));
            }
            else throw new InvalidDataException($"\"{upload.DisplayName}\" is not a .zip or an image file name (.png, .jpg, .jpeg, .gif, .webp, .bmp).");
        }
        return items;
    }

    private static string SafeName(string displayName)
    {
        var name = Path.GetFileName(displayName.Replace('\\', '/'));
        foreach (var c in Path.GetInvalidFileNameChars()) name = name.Replace(c, '_');
        return string.IsNullOrWhiteSpace(name) || name.StartsWith('.') ? "image" + name : name;
    }

    private static string Unique(HashSet<string> used, string name)
    {
        var candidate = name;
        for (int i = 2; !used.Add(candidate); i++) candidate = $"{Path.GetFileNameWithoutExtension(name)} ({i}){Path.GetExtension(name)}";
        return candidate;
    }

    /// <summary>Shows a set in the gallery (first page, nothing selected).</summary>
    public void Choose(string? name)
    {
        SetName = name;
        (Filter, Page, Selected, Neighbors) = ("", 0, null, []);
    }

    public void SetFilter(string? filter)
    {
        Filter = filter?.Trim() ?? "";
        Page = 0;
    }

    /// <summary>Rows of the gallery's set matching the filter (in the key or any metadata value, case-insensitive).</summary>
    public IReadOnlyList<int> MatchingRows()
    {
        if (Set is not { } set) return [];
        if (Filter.Length == 0) return Enumerable.Range(0, set.Count).ToList();
        var columns = set.Metadata.Where(c => c.Name != ImageColumn.Name).ToList();
        return Enumerable.Range(0, set.Count).Where(r => set.Keys[r].Contains(Filter, StringComparison.OrdinalIgnoreCase)
            || columns.Any(c => c.Values[r].Contains(Filter, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    public int PageCount => Math.Max(1, (MatchingRows().Count + PageSize - 1) / PageSize);

    public void GoToPage(int page) => Page = Math.Clamp(page, 0, PageCount - 1);

    /// <summary>The current page of the gallery.</summary>
    public IReadOnlyList<GalleryImage> PageImages()
    {
        if (Set is not { } set) return [];
        return MatchingRows().Skip(Page * PageSize).Take(PageSize).Select(r => Describe(set, r, null)).ToList();
    }

    /// <summary>Selects an image and finds its nearest images by cosine similarity.</summary>
    public void Select(int row)
    {
        if (Set is not { } set || row < 0 || row >= set.Count) return;
        Selected = row;
        Neighbors = set.Nearest(row, SimilarityMetric.Cosine, NeighborCount).Select(n => Describe(set, n.Index, n.Score)).ToList();
    }

    public GalleryImage? SelectedImage => Selected is int row && Set is { } set ? Describe(set, row, null) : null;

    private static GalleryImage Describe(EmbeddingSet set, int row, float? score)
    {
        var label = set.Column("label")?.Values[row] is { Length: > 0 } l ? l
            : set.Column("name")?.Values[row] is { Length: > 0 } n ? n
            : set.Column("category")?.Values[row] ?? "";
        return new GalleryImage(row, set.Keys[row], label, score);
    }

    /// <summary>Asks the projector to open the gallery's set; false when no set is chosen.</summary>
    public bool RequestProjection()
    {
        if (SetName is null || workspace.Get(SetName) is null) return false;
        workspace.RequestProjection(SetName);
        return true;
    }
}
