using System.Text.Json;
using EmbeddingLab.Core.Encoding.BagOfWords;
using EmbeddingLab.Core.Encoding.Lsa;
using static EmbeddingLab.Tests.Sentences.SentenceTestData;

namespace EmbeddingLab.Tests.Sentences;

/// <summary>Bag-of-words and TF-IDF against scikit-learn 1.2.1 outputs recorded by TestData/sentences/generate_reference.py.</summary>
public class TfidfParityTests
{
    private static readonly string[] Corpus = Strings(Reference.GetProperty("corpus"));
    private static readonly string[] NewDocs = Strings(Reference.GetProperty("new_docs"));

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Reference.GetProperty("cases").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static JsonElement Case(string name) => Reference.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static TfidfOptions Options(JsonElement p)
    {
        var o = new TfidfOptions();
        if (p.TryGetProperty("min_df", out var v)) o = o with { MinDf = v.GetInt32() };
        if (p.TryGetProperty("max_df", out v)) o = o with { MaxDf = v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) && !v.GetRawText().Contains('.') ? DocumentFrequency.Count(i) : DocumentFrequency.Proportion(v.GetDouble()) };
        if (p.TryGetProperty("max_features", out v)) o = o with { MaxFeatures = v.GetInt32() };
        if (p.TryGetProperty("binary", out v)) o = o with { Binary = v.GetBoolean() };
        if (p.TryGetProperty("sublinear_tf", out v)) o = o with { SublinearTf = v.GetBoolean() };
        if (p.TryGetProperty("smooth_idf", out v)) o = o with { SmoothIdf = v.GetBoolean() };
        if (p.TryGetProperty("norm", out v)) o = o with { Norm = v.ValueKind == JsonValueKind.Null ? TfidfNorm.None : v.GetString() == "l1" ? TfidfNorm.L1 : TfidfNorm.L2 };
        return o;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Vocabulary_weights_and_rows_match_sklearn(string name)
    {
        var c = Case(name);
        var options = Options(c.GetProperty("params"));
        var encoder = c.GetProperty("kind").GetString() == "count"
            ? TfidfEncoder.FitCounts(Corpus, options)
            : TfidfEncoder.Fit(Corpus, options);

        Assert.Equal(Strings(c.GetProperty("vocabulary")), encoder.Vectorizer.Vocabulary);
        if (c.TryGetProperty("idf", out var idf))
        {
            var expected = Doubles(idf);
            for (int j = 0; j < expected.Length; j++) Assert.Equal(expected[j], encoder.Vectorizer.Idf[j], 1e-9);
        }
        AssertMatrix(Matrix(c.GetProperty("fit_transform")), encoder.Encode(Corpus), encoder.Dimensions);
        AssertMatrix(Matrix(c.GetProperty("transform_new")), encoder.Encode(NewDocs), encoder.Dimensions);
    }

    [Fact]
    public void Tokenizer_keeps_words_of_two_or_more_word_characters_lowercased()
    {
        Assert.Equal(["don", "panic", "it", "only", "test", "of", "the", "tokenizer", "rules", "snake_case", "café", "2023"],
            SklearnTokenizer.Tokenize("Don't panic — it's only a test of the tokenizer's rules. snake_case Café 2023 x"));
    }

    [Fact]
    public void Max_df_below_min_df_is_an_error_naming_both()
    {
        var e = Assert.Throws<ArgumentException>(() => TfidfVectorizer.Fit(Corpus, new TfidfOptions { MinDf = 5, MaxDf = 2 }));
        Assert.Contains("max_df", e.Message);
        Assert.Contains("min_df", e.Message);
    }

    [Fact]
    public void Lsa_matches_sklearn_singular_values_and_projection_up_to_sign()
    {
        var lsa = Reference.GetProperty("lsa");
        int k = lsa.GetProperty("n_components").GetInt32();
        var encoder = TfidfEncoder.Fit(Corpus, lsa: new TruncatedSvdOptions { NComponents = k });
        Assert.Equal(k, encoder.Dimensions);
        Assert.Equal("tfidf+lsa5", encoder.Name);
        var svd = encoder.Svd!;
        var exact = Doubles(lsa.GetProperty("exact_singular_values"));
        for (int c = 0; c < k; c++) Assert.Equal(exact[c], svd.SingularValues[c], 1e-6);
        var variance = Doubles(lsa.GetProperty("sklearn_explained_variance"));
        for (int c = 0; c < k; c++) Assert.Equal(variance[c], svd.ExplainedVariance[c], 1e-6);

        // Rows of components_ are orthonormal.
        int f = svd.Features;
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
            {
                double dot = 0;
                for (int j = 0; j < f; j++) dot += svd.Components[a * f + j] * svd.Components[b * f + j];
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-9);
            }

        // Same projection as sklearn's transform (each component may differ in sign only).
        var expected = Matrix(lsa.GetProperty("sklearn_transform"));
        var actual = encoder.Encode(Corpus);
        for (int c = 0; c < k; c++)
        {
            double sign = Math.Sign(Enumerable.Range(0, Corpus.Length).Sum(r => expected[r][c] * actual[r * k + c]));
            for (int r = 0; r < Corpus.Length; r++) Assert.Equal(expected[r][c], sign * actual[r * k + c], 1e-5);
        }
    }

    [Fact]
    public void Lsa_is_deterministic_for_a_seed()
    {
        var a = TfidfEncoder.Fit(Corpus, lsa: new TruncatedSvdOptions { NComponents = 4, RandomState = 3 }).Encode(NewDocs);
        var b = TfidfEncoder.Fit(Corpus, lsa: new TruncatedSvdOptions { NComponents = 4, RandomState = 3 }).Encode(NewDocs);
        Assert.Equal(a, b);
    }

    private static void AssertMatrix(double[][] expected, float[] actual, int columns)
    {
        Assert.Equal(expected.Length * columns, actual.Length);
        for (int r = 0; r < expected.Length; r++)
        {
            Assert.Equal(columns, expected[r].Length);
            for (int j = 0; j < columns; j++)
                Assert.True(Math.Abs(expected[r][j] - actual[r * columns + j]) <= 1e-5, $"row {r} column {j}: expected {expected[r][j]}, got {actual[r * columns + j]}");
        }
    }
}
