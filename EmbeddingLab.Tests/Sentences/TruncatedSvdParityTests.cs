using System.Text.Json;
using EmbeddingLab.Core.Encoding.BagOfWords;
using EmbeddingLab.Core.Encoding.Lsa;
using static EmbeddingLab.Tests.Sentences.SentenceTestData;

namespace EmbeddingLab.Tests.Sentences;

/// <summary>
/// Our randomized TruncatedSVD against scikit-learn 1.2.1's on the same sparse matrices and random_state
/// (TestData/lsa/generate_lsa_reference.py). The fixtures' spectra decay slowly, so the randomized result is ~1e-3 away
/// from the exact SVD: agreeing to 1e-9 means the same algorithm, test matrix and sign convention, not just an SVD.
/// </summary>
public class TruncatedSvdParityTests
{
    private static readonly JsonElement Fixture = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(Infrastructure.RepoPaths.TestData("lsa"), "lsa_reference.json"))).RootElement;

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Fixture.GetProperty("cases").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static JsonElement Case(string name) => Fixture.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static SparseRows Matrix(JsonElement c) => new(
        c.GetProperty("rows").GetInt32(), c.GetProperty("cols").GetInt32(),
        c.GetProperty("indptr").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
        c.GetProperty("indices").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
        Doubles(c.GetProperty("data")));

    private static TruncatedSvd Fit(JsonElement c) => TruncatedSvd.Fit(Matrix(c), new TruncatedSvdOptions
    {
        NComponents = c.GetProperty("n_components").GetInt32(),
        NIter = c.GetProperty("n_iter").GetInt32(),
        NOversamples = c.GetProperty("n_oversamples").GetInt32(),
        RandomState = c.GetProperty("random_state").GetInt32(),
    });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Singular_values_and_explained_variance_equal_sklearns(string name)
    {
        var c = Case(name);
        var svd = Fit(c);
        var expected = Doubles(c.GetProperty("singular_values"));
        var exact = Doubles(c.GetProperty("exact_singular_values"));
        var variance = Doubles(c.GetProperty("explained_variance"));
        Assert.Equal(expected.Length, svd.SingularValues.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - svd.SingularValues[i]) <= 1e-9 * expected[i], $"σ{i}: sklearn {expected[i]:R}, ours {svd.SingularValues[i]:R}");
            Assert.True(Math.Abs(variance[i] - svd.ExplainedVariance[i]) <= 1e-9 * variance[i], $"variance {i}: sklearn {variance[i]:R}, ours {svd.ExplainedVariance[i]:R}");
        }
        // The fixture is discriminating: sklearn's randomized values are measurably not the exact ones.
        Assert.Contains(Enumerable.Range(0, expected.Length), i => Math.Abs(expected[i] - exact[i]) > 1e-6 * exact[i]);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Components_and_transform_equal_sklearns_with_the_same_signs(string name)
    {
        var c = Case(name);
        var svd = Fit(c);
        var components = Matrix2(c.GetProperty("components"));
        for (int k = 0; k < svd.NComponents; k++)
            for (int j = 0; j < svd.Features; j++)
                Assert.True(Math.Abs(components[k][j] - svd.Components[k * svd.Features + j]) <= 1e-9, $"component {k}, term {j}");
        var transform = Matrix2(c.GetProperty("transform"));
        var ours = svd.Transform(Matrix(c));
        for (int r = 0; r < transform.Length; r++)
            for (int k = 0; k < svd.NComponents; k++)
                Assert.True(Math.Abs(transform[r][k] - ours[r * svd.NComponents + k]) <= 1e-9, $"row {r}, component {k}");
    }

    [Fact]
    public void Dependent_documents_still_give_orthonormal_components()
    {
        // Six documents that are three documents twice: rank 3 < the 5 + 10 sampled directions, where Cholesky-QR breaks
        // down and Householder takes over.
        string[] docs = ["apple banana cherry", "banana cherry date", "egg fig grape", "apple banana cherry", "banana cherry date", "egg fig grape"];
        var rows = TfidfVectorizer.Fit(docs).Transform(docs);
        var svd = TruncatedSvd.Fit(rows, new TruncatedSvdOptions { NComponents = 3 });
        int f = svd.Features;
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
            {
                double dot = 0;
                for (int j = 0; j < f; j++) dot += svd.Components[a * f + j] * svd.Components[b * f + j];
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-9);
            }
        Assert.All(svd.SingularValues, s => Assert.True(s > 0.1));
    }

    private static double[][] Matrix2(JsonElement e) => e.EnumerateArray().Select(Doubles).ToArray();
}
