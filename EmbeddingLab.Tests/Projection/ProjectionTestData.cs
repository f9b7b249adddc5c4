using System.Globalization;

namespace EmbeddingLab.Tests.Projection;

internal static class ProjectionTestData
{
    public static string PathOf(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "EmbeddingLab.Tests", "TestData", "projection", file);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"Test data {file} not found.");
    }

    /// <summary>A tab-separated float matrix of TestData/projection.</summary>
    public static (float[] Data, int Rows, int Cols) ReadMatrix(string file) => ReadMatrixFile(PathOf(file));

    /// <summary>A tab-separated float matrix at any path (the clustering fixtures use it too).</summary>
    public static (float[] Data, int Rows, int Cols) ReadMatrixFile(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        int cols = lines[0].Split('\t').Length;
        var data = new float[lines.Length * cols];
        for (int r = 0; r < lines.Length; r++)
        {
            var parts = lines[r].Split('\t');
            for (int c = 0; c < cols; c++) data[r * cols + c] = float.Parse(parts[c], CultureInfo.InvariantCulture);
        }
        return (data, lines.Length, cols);
    }
}
