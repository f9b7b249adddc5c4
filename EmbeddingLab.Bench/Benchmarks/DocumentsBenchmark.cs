using System.Diagnostics;
using System.Text.Json;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Data.Mail;
using EmbeddingLab.Core.Encoding.BagOfWords;
using EmbeddingLab.Core.Encoding.Lsa;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Bench.Benchmarks;

/// <summary>
/// The built-in sets of real documents: reading them (State of the Union paragraphs; Spam Assassin parsed with MimeKit),
/// then TF-IDF (sklearn defaults) and LSA (TruncatedSVD, 100 components, randomized, n_iter 5) on their texts, against
/// scikit-learn's TfidfVectorizer + TruncatedSVD on the very same texts in the same run.
/// </summary>
public sealed class DocumentsBenchmark : IBenchmark
{
    public string Name => "documents";
    public string Description => "State of the Union paragraphs and Spam Assassin e-mails: read/parse, TF-IDF and LSA fit vs sklearn on the same texts [--components 100] [--query railroads]";

    public int Run(string[] args)
    {
        int components = int.Parse(Reference.Arg(args, "components", "100"));
        var sw = Stopwatch.StartNew();
        double cpu = Cpu();
        var addresses = StateOfTheUnion.Read();
        var paragraphs = StateOfTheUnionParagraphs.Split(addresses);
        var sotu = StateOfTheUnionParagraphs.ToDocuments(paragraphs, "State of the Union");
        double sotuRead = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"State of the Union: {addresses.Count} addresses → {sotu.Count:N0} paragraphs, read and segmented in {sotuRead:F2} s ({Cpu() - cpu:F2} CPU-s)");

        sw.Restart();
        cpu = Cpu();
        var mail = SpamAssassin.Read();
        var spam = SpamAssassin.ToDocuments(mail);
        double spamRead = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"Spam Assassin: {mail.Report(maxListed: 20)}");
        Console.WriteLine($"Spam Assassin: {mail.Total:N0} messages parsed with MimeKit in {spamRead:F2} s ({Cpu() - cpu:F2} CPU-s; {mail.Messages.Count(m => m.FromHtml):N0} bodies from HTML); texts capped at {new MailDocumentOptions().MaxChars:N0} characters");

        double sotuFit = Compare("State of the Union paragraphs", sotu.Texts, components);
        double spamFit = Compare("Spam Assassin e-mails", spam.Texts, components);
        Console.WriteLine($"first build of the built-in sets (read + TF-IDF + LSA fit + encode): State of the Union {sotuRead + sotuFit:F1} s, Spam Assassin {spamRead + spamFit:F1} s");
        Search(sotu, components, Reference.Arg(args, "query", "railroads"));
        Console.WriteLine("figures are from one run on a shared machine: provisional.");
        return 0;
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>Semantic search over the paragraphs as the Sentences page does it: the built-in set's encoder, cosine top 5.</summary>
    private static void Search(DocumentCollection documents, int components, string query)
    {
        var encoder = TfidfEncoder.Fit(documents.Texts, null, new TruncatedSvdOptions { NComponents = components });
        var set = documents.Encode(encoder);
        var top = set.MostSimilarToVector(encoder.Encode([query]), 5);
        Console.WriteLine($"search \"{query}\" over {set.Count:N0} paragraphs ({encoder.Name}):");
        foreach (var hit in top)
        {
            var text = set.Column("text")!.Values[hit.Index];
            Console.WriteLine($"  {hit.Score:F3}  {set.Column("year")!.Values[hit.Index]}  {set.Column("president")!.Values[hit.Index]} ({set.Column("party")!.Values[hit.Index]})  {(text.Length > 110 ? text[..110] + "…" : text)}");
        }
    }

    /// <summary>Ours and sklearn's TF-IDF and LSA on the same texts; returns our fit + encode seconds.</summary>
    private static double Compare(string name, IReadOnlyList<string> texts, int components)
    {
        var sw = Stopwatch.StartNew();
        var cpu = Cpu();
        var vectorizer = TfidfVectorizer.Fit(texts);
        var rows = vectorizer.Transform(texts);
        double tfidf = sw.Elapsed.TotalSeconds, tfidfCpu = Cpu() - cpu;
        sw.Restart();
        cpu = Cpu();
        var svd = TruncatedSvd.Fit(rows, new TruncatedSvdOptions { NComponents = components });
        svd.Transform(rows);
        double lsa = sw.Elapsed.TotalSeconds, lsaCpu = Cpu() - cpu;
        Console.WriteLine($"{name}: {texts.Count:N0} texts, vocabulary {vectorizer.Vocabulary.Count:N0}; ours TF-IDF fit+transform {tfidf:F2} s ({tfidfCpu:F2} CPU-s), LSA {components} fit+transform {lsa:F2} s ({lsaCpu:F2} CPU-s); " +
                          $"singular values {string.Join(", ", svd.SingularValues.Take(3).Select(v => v.ToString("F3")))}");

        var file = Path.Combine(Path.GetTempPath(), $"el-documents-{Environment.ProcessId}.json");
        try
        {
            File.WriteAllText(file, JsonSerializer.Serialize(texts));
            if (Reference.RunJson("documents_sklearn.py", file, "--components", components.ToString()) is { } r)
            {
                double refTfidf = r.GetProperty("tfidf_seconds").GetDouble(), refLsa = r.GetProperty("lsa_seconds").GetDouble();
                double refTfidfCpu = r.GetProperty("tfidf_cpu").GetDouble(), refLsaCpu = r.GetProperty("lsa_cpu").GetDouble();
                Console.WriteLine($"{name}: sklearn {r.GetProperty("sklearn").GetString()} TfidfVectorizer {refTfidf:F2} s ({refTfidfCpu:F2} CPU-s), TruncatedSVD {refLsa:F2} s ({refLsaCpu:F2} CPU-s), vocabulary {r.GetProperty("vocabulary").GetInt32():N0}; " +
                                  $"singular values {string.Join(", ", r.GetProperty("singular_values").EnumerateArray().Select(v => v.GetDouble().ToString("F3")))}");
                Console.WriteLine($"{name}: ratio ours/sklearn TF-IDF {tfidf / refTfidf:F2}, LSA {lsa / refLsa:F2}, together {(tfidf + lsa) / (refTfidf + refLsa):F2}; " +
                                  $"in CPU time {tfidfCpu / refTfidfCpu:F2}, {lsaCpu / refLsaCpu:F2}, {(tfidfCpu + lsaCpu) / (refTfidfCpu + refLsaCpu):F2}");
            }
        }
        finally { File.Delete(file); }
        return tfidf + lsa;
    }
}
