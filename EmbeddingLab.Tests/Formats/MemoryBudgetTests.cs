using System.Globalization;
using System.Text;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Encoding.BagOfWords;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Limits;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Tests.Formats;

/// <summary>Work sized from its input before it starts, and refused with its size when over the job's bound.</summary>
public sealed class MemoryBudgetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("el-budget-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string VectorText(string name, int rows, int dims, bool header)
    {
        var sb = new StringBuilder();
        if (header) sb.Append(CultureInfo.InvariantCulture, $"{rows} {dims}\n");
        for (int r = 0; r < rows; r++)
        {
            sb.Append("w").Append(r);
            for (int d = 0; d < dims; d++) sb.Append(' ').Append(((r * 31 + d) % 97 / 97.0).ToString("F4", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public void A_dense_matrix_too_big_for_an_array_is_refused_with_its_figures_not_an_overflow()
    {
        // 50,000 documents × 60,000 terms, one entry each: tiny as CSR, 3·10⁹ values dense.
        int rows = 50_000, columns = 60_000;
        var starts = Enumerable.Range(0, rows + 1).ToArray();
        var sparse = new SparseRows(rows, columns, starts, Enumerable.Range(0, rows).ToArray(), Enumerable.Repeat(1.0, rows).ToArray());
        var e = Assert.Throws<MemoryBudgetException>(() => sparse.ToDense());
        Assert.Equal("A dense 50,000 × 60,000 matrix (50,000 rows, 60,000 terms) needs about 11.2 GB of memory, more than one array can hold.", e.Message);
        var bounded = Assert.Throws<MemoryBudgetException>(() => sparse.ToDense(new MemoryBudget(1L << 30)));
        Assert.EndsWith("needs about 11.2 GB of memory, over the limit of 1 GB per job.", bounded.Message);
    }

    [Fact]
    public void Tfidf_refuses_a_dense_encode_over_the_budget_before_building_it()
    {
        var corpus = Enumerable.Range(0, 400).Select(i => $"doc{i} word{i % 50} term{i * 7 % 300}").ToList();
        var encoder = TfidfEncoder.Fit(corpus).WithBudget(new MemoryBudget(100_000));
        var e = Assert.Throws<MemoryBudgetException>(() => encoder.Encode(corpus));
        Assert.StartsWith($"Encoding 400 sentences over a vocabulary of {encoder.Vectorizer.Vocabulary.Count:N0} terms", e.Message);
        Assert.EndsWith("over the limit of 97.7 KB per job.", e.Message);
        Assert.Equal(400 * encoder.Dimensions, encoder.WithBudget(MemoryBudget.Default).Encode(corpus).Length);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Vector_loads_are_estimated_from_the_file_and_refused_over_the_budget(bool header)
    {
        var path = VectorText("v.txt", 2000, 50, header);
        var options = new VectorReadOptions { Budget = new MemoryBudget(200_000), BlockBytes = 64 << 10 };
        var e = Assert.Throws<MemoryBudgetException>(() => VectorFile.Read(path, options));
        Assert.Matches(@"^Loading about [\d,]+ vectors × 50 dimensions from v\.txt \(with their unit-length copy\) needs about [\d.]+ KB of memory, over the limit of 195\.3 KB per job\.$", e.Message);
        Assert.Equal(2000, VectorFile.Read(path, options with { Budget = new MemoryBudget(10 << 20) }).Count);

        var bin = Path.Combine(_dir, "v.bin");
        VectorFile.Write(VectorFile.Read(path), bin, VectorFileFormat.Word2VecBinary);
        Assert.StartsWith("Loading about 2,000 vectors × 50 dimensions from v.bin",
            Assert.Throws<MemoryBudgetException>(() => VectorFile.Read(bin, options)).Message);
    }

    [Fact]
    public void Corpus_reading_and_training_are_sized_before_they_start()
    {
        var path = Path.Combine(_dir, "corpus.txt");
        File.WriteAllText(path, string.Concat(Enumerable.Range(0, 2000).Select(i => $"the cat {i % 40} sat on mat {i % 13}\n")));
        long bytes = new FileInfo(path).Length;
        var e = Assert.Throws<MemoryBudgetException>(() => TextCorpus.ReadSentences(path, new TextCorpusOptions { Budget = new MemoryBudget(bytes), DisplayName = "my corpus.txt" }));
        Assert.StartsWith($"Reading the {bytes:N0}-byte corpus my corpus.txt for training needs about", e.Message);

        var sentences = TextCorpus.ReadSentences(path);
        var options = new Word2VecOptions { VectorSize = 300, MinCount = 1, Epochs = 1, Workers = 1, Budget = new MemoryBudget(64 << 10) };
        var train = Assert.Throws<MemoryBudgetException>(() => Word2Vec.Train(sentences, options));
        Assert.Equal("Training 300-dimensional vectors for a vocabulary of 45 words on 14,000 tokens needs about 160.9 KB of memory, over the limit of 64 KB per job.", train.Message);
        Assert.IsType<EmbeddingSet>(Word2Vec.Train(sentences, options with { Budget = MemoryBudget.Default }).Vectors);
    }
}
