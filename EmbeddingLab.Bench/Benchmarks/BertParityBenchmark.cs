using System.Text.Json;
using EmbeddingLab.Core.Encoding.Tokenization;
using Microsoft.ML.Tokenizers;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// How many of the parity strings (EmbeddingLab.Tests/TestData/tokenizer/expected.json, ids from Hugging Face
/// tokenizers on all-MiniLM-L6-v2's tokenizer.json) Microsoft.ML.Tokenizers' own <see cref="BertTokenizer"/> gives
/// identical ids for, with accent stripping on and off, against our tokenizer (the library's WordPiece model behind our
/// Hugging Face-exact normaliser and pre-tokeniser): the figure behind that choice. Also on unseen.json.
/// </summary>
public sealed class BertParityBenchmark : IBenchmark
{
    public string Name => "bert-parity";
    public string Description => "ids identical to Hugging Face's on the 4,000 parity strings: Microsoft.ML.Tokenizers BertTokenizer (accents stripped / kept) vs ours";

    public int Run(string[] args)
    {
        string root = FindRoot();
        string fixture = Path.GetFullPath(Path.Combine(root, "..", "shared", "fixtures", "all-MiniLM-L6-v2-tokenizer"));
        if (!Directory.Exists(fixture))
        {
            Console.Error.WriteLine($"The tokenizer fixture is not at {fixture} (../shared/fixtures beside the repository).");
            return 2;
        }
        string vocab = Path.Combine(fixture, "vocab.txt");
        var ours = TransformerTokenizer.FromDirectory(fixture);
        // all-MiniLM-L6-v2 lowercases (do_lower_case) and, as BERT uncased, strips accents; "kept" shows what that option changes.
        var stripped = BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
        var kept = BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = false });

        int show = int.Parse(Reference.Arg(args, "show", "0"), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var file in new[] { "expected.json", "unseen.json" })
        {
            var path = Path.Combine(root, "EmbeddingLab.Tests", "TestData", "tokenizer", file);
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var cases = doc.RootElement.GetProperty("cases").EnumerateArray()
                .Select(c => (Text: c.GetProperty("text").GetString()!, Ids: c.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray()))
                .ToList();
            int Count(Func<string, IReadOnlyList<int>> encode) => cases.Count(c =>
            {
                try { return encode(c.Text).SequenceEqual(c.Ids); }
                catch (Exception) { return false; } // a throw is a miss, not a crash of the count
            });
            int a = Count(t => stripped.EncodeToIds(t, addSpecialTokens: true, considerPreTokenization: true, considerNormalization: true));
            int b = Count(t => kept.EncodeToIds(t, addSpecialTokens: true, considerPreTokenization: true, considerNormalization: true));
            int o = Count(t => ours.Encode(t).Ids);
            Console.WriteLine($"{file} ({cases.Count:N0} strings, all-MiniLM-L6-v2 tokenizer.json, Hugging Face ids):");
            Console.WriteLine($"  Microsoft.ML.Tokenizers BertTokenizer, lowercase + accents stripped: {a,5:N0} / {cases.Count:N0} identical");
            Console.WriteLine($"  Microsoft.ML.Tokenizers BertTokenizer, lowercase, accents kept:      {b,5:N0} / {cases.Count:N0} identical");
            Console.WriteLine($"  ours (library WordPiece + HF-exact normaliser and pre-tokeniser):     {o,5:N0} / {cases.Count:N0} identical");
            int ascii = cases.Count(c => c.Text.All(ch => ch < 128));
            int asciiSame = cases.Count(c => c.Text.All(ch => ch < 128) && Same(stripped, c.Text, c.Ids));
            Console.WriteLine($"  of which pure-ASCII strings: {ascii:N0}; the library's BertTokenizer (accents stripped) gets {asciiSame:N0} of them identical");
            // --show N: the first N strings the library gets wrong, with both id lists, to see why.
            foreach (var c in cases.Where(c => !Same(stripped, c.Text, c.Ids)).Take(show))
                Console.WriteLine($"    {JsonSerializer.Serialize(c.Text)}\n      HF      {string.Join(',', c.Ids)}\n      library {Ids(stripped, c.Text)}");
        }
        return 0;
    }

    private static bool Same(BertTokenizer tokenizer, string text, int[] ids) => Ids(tokenizer, text) == string.Join(',', ids);

    private static string Ids(BertTokenizer tokenizer, string text)
    {
        try { return string.Join(',', tokenizer.EncodeToIds(text, addSpecialTokens: true, considerPreTokenization: true, considerNormalization: true)); }
        catch (Exception e) { return "throws " + e.GetType().Name; }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EmbeddingLab.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No EmbeddingLab.sln above {AppContext.BaseDirectory}.");
    }
}
