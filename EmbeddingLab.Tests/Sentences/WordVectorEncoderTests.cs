using EmbeddingLab.Core.Encoding.WordVectors;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Tests.Sentences;

public class WordVectorEncoderTests
{
    // cat (1,0), dog (0,1), the (1,1), sat (2,0); counts for the frequency-column variant.
    private static EmbeddingSet Words() => new(["cat", "dog", "the", "sat"], [1, 0, 0, 1, 1, 1, 2, 0], 2,
        [new MetadataColumn("count", ["1", "1", "2", "1"])]);

    [Fact]
    public void Mean_averages_known_word_vectors_with_lowercase_fallback()
    {
        var encoder = new MeanWordVectorEncoder(Words());
        var m = encoder.Encode(["The cat sat.", "dog dog unknownword", "nothing known"]);
        Assert.Equal([4f / 3, 1f / 3, 0, 1, 0, 0], m, new FloatComparer(1e-6f));
        Assert.Equal("mean", encoder.Name);
        Assert.Equal(2, encoder.Dimensions);
    }

    [Fact]
    public void Sif_weights_are_a_over_a_plus_p_with_corpus_frequencies()
    {
        // Corpus tokens: the ×2, cat, sat, dog → p(the)=0.4, others 0.2; a=0.1 → w(the)=0.2, others 1/3.
        string[] corpus = ["the cat sat", "the dog"];
        var encoder = SifEncoder.Fit(Words(), corpus, new SifOptions { A = 0.1, RemoveComponents = 0 });
        Assert.Equal(0.2f, encoder.WeightOfRow(2), 6);
        Assert.Equal(1f / 3, encoder.WeightOfRow(0), 6);
        // s1 = (0.2·(1,1) + ⅓·(1,0) + ⅓·(2,0)) / 3 = (0.4, 1/15); s2 = (0.2·(1,1) + ⅓·(0,1)) / 2 = (0.1, 4/15).
        Assert.Equal([0.4f, 1f / 15, 0.1f, 4f / 15], encoder.Encode(corpus), new FloatComparer(1e-6f));
    }

    [Fact]
    public void Sif_removes_the_first_principal_component_of_the_fitted_sentences()
    {
        string[] corpus = ["the cat sat", "the dog"];
        var encoder = SifEncoder.Fit(Words(), corpus, new SifOptions { A = 0.1 });
        // XᵀX of the rows above = [[a, b], [b, c]]; its top eigenvector is (b, λ − a).
        double a = 0.4 * 0.4 + 0.1 * 0.1, b = 0.4 / 15 + 0.1 * 4 / 15, c = 1.0 / 225 + 16.0 / 225;
        double lambda = (a + c) / 2 + Math.Sqrt((a - c) * (a - c) / 4 + b * b);
        double ux = b, uy = lambda - a, n = Math.Sqrt(ux * ux + uy * uy);
        ux /= n; uy /= n;
        double[][] x = [[0.4, 1.0 / 15], [0.1, 4.0 / 15]];
        var expected = x.SelectMany(r => { double p = r[0] * ux + r[1] * uy; return new[] { (float)(r[0] - p * ux), (float)(r[1] - p * uy) }; }).ToArray();
        Assert.Equal(expected, encoder.Encode(corpus), new FloatComparer(1e-6f));
        Assert.Equal(1, encoder.ComponentCount);
        Assert.Equal("sif", encoder.Name);
    }

    [Fact]
    public void Sif_can_take_frequencies_from_a_counts_column()
    {
        // count column: cat 1, dog 1, the 2, sat 1 → total 5, same p as the corpus above.
        var encoder = SifEncoder.Fit(Words(), ["dog"], new SifOptions { A = 0.1, FrequencyColumn = "count", RemoveComponents = 0 });
        Assert.Equal(0.2f, encoder.WeightOfRow(2), 6);
        Assert.Equal([0.4f, 1f / 15], encoder.Encode(["the cat sat"]), new FloatComparer(1e-6f));
        Assert.Throws<ArgumentException>(() => SifEncoder.Fit(Words(), ["dog"], new SifOptions { FrequencyColumn = "missing" }));
    }

    private sealed class FloatComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
