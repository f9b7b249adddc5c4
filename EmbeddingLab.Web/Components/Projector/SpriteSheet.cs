using System.Globalization;
using EmbeddingLab.Core.Sprites;

namespace EmbeddingLab.Web.Components.Projector;

/// <summary>
/// The thumbnails of the shown set as the page sees them: the atlas's URL (by set name and key, never a file path),
/// its layout and each row's cell. Thumbnails are crops of that one image (CSS background or canvas), so a page shows
/// any number of them with one request.
/// </summary>
public sealed record SpriteSheet(string Url, int CellSize, int Columns, int Width, int Height, int[] Cells, int Failed, int Omitted)
{
    public static SpriteSheet From(string url, SpriteAtlas atlas) =>
        new(url, atlas.CellSize, atlas.Columns, atlas.Width, atlas.Height, atlas.Cells, atlas.Failures.Count, atlas.Omitted);

    public bool Has(int row) => row >= 0 && row < Cells.Length && Cells[row] >= 0;

    public int ImageCount => Cells.Count(c => c >= 0);

    /// <summary>Inline style showing a row's thumbnail at <paramref name="size"/> px (the atlas scaled so one cell is that size).</summary>
    public string Style(int row, int size)
    {
        var (x, y) = SpriteAtlas.Origin(Cells[row], Columns, CellSize);
        double scale = (double)size / CellSize;
        string Px(double v) => v.ToString("0.##", CultureInfo.InvariantCulture) + "px";
        // The URL is ours (set name escaped by Uri.EscapeDataString, key hex): no quote can end the url('…').
        return $"width:{Px(size)};height:{Px(size)};background-image:url('{Url}');background-size:{Px(Width * scale)} {Px(Height * scale)};background-position:{Px(-x * scale)} {Px(-y * scale)}";
    }

    /// <summary>A sentence on what has no thumbnail, or null when every image made it.</summary>
    public string? Note
    {
        get
        {
            var parts = new List<string>();
            if (Failed > 0) parts.Add($"{Failed:N0} image{(Failed == 1 ? "" : "s")} could not be read");
            if (Omitted > 0) parts.Add($"{Omitted:N0} past the first {ImageCount + Failed:N0} have no thumbnail");
            return parts.Count == 0 ? null : string.Join("; ", parts) + ".";
        }
    }
}
