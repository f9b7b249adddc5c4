using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Data;

/// <summary>
/// Gaussian blobs (like scikit-learn's make_blobs): cluster centres drawn from N(0, centerSpread²), points from
/// N(centre, 1). Used by tests, benchmarks and as a known-geometry set for the projector. Deterministic per seed.
/// </summary>
public static class SyntheticClusters
{
    /// <returns>A set with keys "p0".."p{n-1}" and a "cluster" metadata column ("c0".."c{k-1}").</returns>
    public static EmbeddingSet Generate(int count, int dimensions, int clusters, int seed = 0, double centerSpread = 4.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clusters);
        var random = new Random(seed);
        var centres = new double[clusters * dimensions];
        for (int i = 0; i < centres.Length; i++) centres[i] = centerSpread * Gaussian(random);
        var data = new float[count * dimensions];
        var keys = new string[count];
        var labels = new string[count];
        for (int row = 0; row < count; row++)
        {
            int c = random.Next(clusters);
            keys[row] = "p" + row;
            labels[row] = "c" + c;
            for (int j = 0; j < dimensions; j++) data[row * dimensions + j] = (float)(centres[c * dimensions + j] + Gaussian(random));
        }
        return new EmbeddingSet(keys, data, dimensions, [new MetadataColumn("cluster", labels)]);
    }

    internal static double Gaussian(Random random)
    {
        // Box-Muller; 1 - NextDouble() avoids log(0).
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
