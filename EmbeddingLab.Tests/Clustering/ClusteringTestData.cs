using System.Globalization;
using System.Text.Json;

namespace EmbeddingLab.Tests.Clustering;

/// <summary>Fixtures in TestData/clustering, written by its generate.py (scikit-learn 1.2 and scipy, Debian's python).</summary>
internal static class ClusteringTestData
{
    public static string PathOf(string file) => Infrastructure.RepoPaths.TestData("clustering", file);

    public static (float[] Data, int Rows, int Cols) ReadMatrix(string file) => Projection.ProjectionTestData.ReadMatrixFile(PathOf(file));

    public static JsonElement Reference => JsonDocument.Parse(File.ReadAllText(PathOf("reference.json"))).RootElement;

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static float[] FlatFloats(JsonElement rows) =>
        rows.EnumerateArray().SelectMany(r => r.EnumerateArray().Select(e => (float)e.GetDouble())).ToArray();

    /// <summary>Planted Gaussian blobs (unit spread) far apart plus uniform noise over a much wider box; truth −1 for noise.</summary>
    public static (float[] Data, int[] Truth) Planted(int perCluster, int clusters, int noise, int d, int seed)
    {
        var random = new Random(seed);
        int n = perCluster * clusters + noise;
        var data = new float[n * d];
        var truth = new int[n];
        var centres = new double[clusters * d];
        for (int i = 0; i < centres.Length; i++) centres[i] = (random.NextDouble() - 0.5) * 60;
        int row = 0;
        for (int c = 0; c < clusters; c++)
            for (int p = 0; p < perCluster; p++, row++)
            {
                truth[row] = c;
                for (int f = 0; f < d; f++) data[row * d + f] = (float)(centres[c * d + f] + Gaussian(random));
            }
        for (int p = 0; p < noise; p++, row++)
        {
            truth[row] = -1;
            for (int f = 0; f < d; f++) data[row * d + f] = (float)((random.NextDouble() - 0.5) * 120);
        }
        return (data, truth);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
