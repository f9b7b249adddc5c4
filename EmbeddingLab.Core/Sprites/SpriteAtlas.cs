namespace EmbeddingLab.Core.Sprites;

/// <summary>
/// How a sprite atlas is laid out. <see cref="CellSize"/> 0 chooses by count: 48 px cells up to 7,225 images (an atlas
/// of at most 4,080 px a side), 32 px beyond, so the atlas stays within 4,096 px, which every browser decodes and
/// draws. Images past <see cref="MaxImages"/> get no cell (the projector draws those rows as dots, without a thumbnail).
/// Files outside <see cref="AllowedFolders"/> are not opened: a set's <c>image</c> column comes from data a user may
/// have uploaded, and it must not turn the server into a reader of any image on its disk.
/// </summary>
public sealed record SpriteAtlasOptions
{
    public const int LargeCell = 48;
    public const int SmallCell = 32;
    /// <summary>Images that still get 48 px cells (85 × 85 cells = 4,080 px).</summary>
    public const int LargeCellLimit = 85 * 85;

    public int CellSize { get; init; }
    /// <summary>At most this many images get a cell (128 × 128 cells of 32 px = 4,096 px a side).</summary>
    public int MaxImages { get; init; } = 128 * 128;
    /// <summary>Larger sources are refused unread: a 20,000 × 20,000 PNG would take 1.6 GB to decode.</summary>
    public long MaxSourcePixels { get; init; } = 50_000_000;
    /// <summary>Folders image files must lie in (after resolving "..", "."); null allows any path.</summary>
    public IReadOnlyList<string>? AllowedFolders { get; init; }
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The cell size used for <paramref name="images"/> images.</summary>
    public int CellFor(int images) => CellSize > 0 ? CellSize : images <= LargeCellLimit ? LargeCell : SmallCell;
}

/// <summary>A row whose image could not be drawn, and why (the file's own name, never a server path, is for the user).</summary>
public sealed record SpriteFailure(int Row, string Reason);

/// <summary>Progress of an atlas build: images drawn of all with a cell.</summary>
public readonly record struct SpriteProgress(int Done, int Total);

/// <summary>
/// Every row's picture of a set downsized into one image: cell <c>c</c> sits at column <c>c % Columns</c>, row
/// <c>c / Columns</c>, each <see cref="CellSize"/> px square, the picture fitted inside it (aspect kept, centred, the
/// rest transparent). <see cref="Cells"/> maps each row of the set to its cell, or -1 (no image, unreadable, or past the
/// cap). The browser fetches the encoded atlas once and crops thumbnails from it.
/// </summary>
public sealed class SpriteAtlas
{
    public SpriteAtlas(int cellSize, int columns, int width, int height, int[] cells, byte[] png, IReadOnlyList<SpriteFailure> failures, int omitted)
    {
        CellSize = cellSize;
        Columns = columns;
        Width = width;
        Height = height;
        Cells = cells;
        Png = png;
        Failures = failures;
        Omitted = omitted;
    }

    public int CellSize { get; }
    public int Columns { get; }
    public int Width { get; }
    public int Height { get; }
    /// <summary>Per row of the set: its cell in the atlas, or -1.</summary>
    public int[] Cells { get; }
    /// <summary>The atlas as PNG.</summary>
    public byte[] Png { get; }
    public IReadOnlyList<SpriteFailure> Failures { get; }
    /// <summary>Rows with an image that got no cell because the set has more than <see cref="SpriteAtlasOptions.MaxImages"/>.</summary>
    public int Omitted { get; }

    /// <summary>Rows that have a thumbnail.</summary>
    public int ImageCount => Cells.Count(c => c >= 0);

    /// <summary>Top-left pixel of a cell.</summary>
    public static (int X, int Y) Origin(int cell, int columns, int cellSize) => (cell % columns * cellSize, cell / columns * cellSize);

    public (int X, int Y) Origin(int cell) => Origin(cell, Columns, CellSize);
}
