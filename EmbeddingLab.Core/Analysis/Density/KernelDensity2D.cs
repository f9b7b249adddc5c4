namespace EmbeddingLab.Core.Analysis.Density;

/// <summary>
/// A density on a regular grid: <see cref="Z"/> is row-major by y (Z[iy * X.Length + ix] at (X[ix], Y[iy]), what
/// plotly's contour takes as z[y][x]), in points per unit area divided by the number of points (it integrates to ~1).
/// </summary>
public sealed record DensityGrid(float[] X, float[] Y, float[] Z, double BandwidthX, double BandwidthY, int Points);

/// <summary>
/// Gaussian kernel density estimate of a 2-D map, binned so it costs O(n + grid²·kernel) whatever n is: points are
/// spread over the grid by linear binning, then the grid is convolved with a Gaussian along x and y. The bandwidth per
/// axis is Scott's rule as scipy's <c>gaussian_kde</c> uses it (σ · n^(−1/6) in 2-D), with the axes' own standard
/// deviations (a diagonal covariance).
/// </summary>
public static class KernelDensity2D
{
    /// <summary><paramref name="coords"/>: row-major, <paramref name="dims"/> ≥ 2 per point; x and y are the first two.</summary>
    public static DensityGrid Estimate(ReadOnlySpan<float> coords, int dims, int gridSize = 96, double bandwidthScale = 1.0)
    {
        if (dims < 2) throw new ArgumentException("A 2-D density needs at least two coordinates per point.", nameof(dims));
        if (gridSize < 8) throw new ArgumentException("The grid needs at least 8 cells a side.", nameof(gridSize));
        int n = coords.Length / dims;
        if (n < 2) throw new ArgumentException("A density needs at least two points.", nameof(coords));
        double mx = 0, my = 0;
        double minX = double.PositiveInfinity, maxX = double.NegativeInfinity, minY = double.PositiveInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            double x = coords[i * dims], y = coords[i * dims + 1];
            mx += x; my += y;
            if (x < minX) minX = x;
            if (x > maxX) maxX = x;
            if (y < minY) minY = y;
            if (y > maxY) maxY = y;
        }
        mx /= n; my /= n;
        double vx = 0, vy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = coords[i * dims] - mx, dy = coords[i * dims + 1] - my;
            vx += dx * dx; vy += dy * dy;
        }
        // scipy's covariance is unbiased (n − 1); a degenerate axis gets a width from the other one.
        double sx = Math.Sqrt(vx / (n - 1)), sy = Math.Sqrt(vy / (n - 1));
        if (sx == 0) sx = sy > 0 ? sy : 1;
        if (sy == 0) sy = sx;
        double factor = Math.Pow(n, -1.0 / 6.0) * bandwidthScale;
        double hx = sx * factor, hy = sy * factor;
        // The grid reaches 3 bandwidths past the extreme points so the outer contours close.
        double x0 = minX - 3 * hx, x1 = maxX + 3 * hx, y0 = minY - 3 * hy, y1 = maxY + 3 * hy;
        int g = gridSize;
        double stepX = (x1 - x0) / (g - 1), stepY = (y1 - y0) / (g - 1);
        var counts = new double[g * g];
        for (int i = 0; i < n; i++)
        {
            double fx = (coords[i * dims] - x0) / stepX, fy = (coords[i * dims + 1] - y0) / stepY;
            int ix = Math.Clamp((int)fx, 0, g - 2), iy = Math.Clamp((int)fy, 0, g - 2);
            double ax = fx - ix, ay = fy - iy;
            counts[iy * g + ix] += (1 - ax) * (1 - ay);
            counts[iy * g + ix + 1] += ax * (1 - ay);
            counts[(iy + 1) * g + ix] += (1 - ax) * ay;
            counts[(iy + 1) * g + ix + 1] += ax * ay;
        }
        var kx = Kernel(hx / stepX);
        var ky = Kernel(hy / stepY);
        var tmp = new double[g * g];
        for (int iy = 0; iy < g; iy++) Convolve(counts.AsSpan(iy * g, g), kx, tmp.AsSpan(iy * g, g));
        var smooth = new double[g * g];
        for (int ix = 0; ix < g; ix++) ConvolveStrided(tmp, ix, g, ky, smooth);
        var z = new float[g * g];
        double norm = 1.0 / (n * stepX * stepY);
        for (int i = 0; i < z.Length; i++) z[i] = (float)(smooth[i] * norm);
        var xs = new float[g];
        var ys = new float[g];
        for (int i = 0; i < g; i++) { xs[i] = (float)(x0 + i * stepX); ys[i] = (float)(y0 + i * stepY); }
        return new DensityGrid(xs, ys, z, hx, hy, n);
    }

    // A discrete Gaussian of σ (in cells) to 4σ, summing to 1 (so the binned mass is kept).
    private static double[] Kernel(double sigma)
    {
        int radius = Math.Max(1, (int)Math.Ceiling(4 * sigma));
        var k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) sum += k[i + radius] = Math.Exp(-0.5 * i * i / (sigma * sigma));
        for (int i = 0; i < k.Length; i++) k[i] /= sum;
        return k;
    }

    private static void Convolve(ReadOnlySpan<double> src, double[] kernel, Span<double> dst)
    {
        int r = kernel.Length / 2, g = src.Length;
        for (int i = 0; i < g; i++)
        {
            if (src[i] == 0) continue;
            double v = src[i];
            int lo = Math.Max(0, i - r), hi = Math.Min(g - 1, i + r);
            for (int j = lo; j <= hi; j++) dst[j] += v * kernel[j - i + r];
        }
    }

    private static void ConvolveStrided(double[] src, int column, int g, double[] kernel, double[] dst)
    {
        int r = kernel.Length / 2;
        for (int i = 0; i < g; i++)
        {
            double v = src[i * g + column];
            if (v == 0) continue;
            int lo = Math.Max(0, i - r), hi = Math.Min(g - 1, i + r);
            for (int j = lo; j <= hi; j++) dst[j * g + column] += v * kernel[j - i + r];
        }
    }
}
