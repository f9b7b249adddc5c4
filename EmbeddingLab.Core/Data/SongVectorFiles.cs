using System.Text;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Data;

/// <summary>Saves song vectors (keys = song ids, gensim-loadable) with their metadata in a TSV file alongside.</summary>
public static class SongVectorFiles
{
    /// <summary>The metadata file written next to <paramref name="vectorPath"/>: same name + ".metadata.tsv".</summary>
    public static string MetadataPath(string vectorPath) => vectorPath + ".metadata.tsv";

    /// <summary>Writes the vectors, and (when the set has metadata columns) a TSV "id, column…" with one row per vector.</summary>
    public static void Save(EmbeddingSet set, string vectorPath, VectorFileFormat format = VectorFileFormat.Word2VecBinary)
    {
        VectorFile.Write(set, vectorPath, format);
        var metadata = MetadataPath(vectorPath);
        if (set.Metadata.Count == 0)
        {
            if (File.Exists(metadata)) File.Delete(metadata); // never leave a stale file that no longer matches
            return;
        }
        using var writer = new StreamWriter(metadata, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("id");
        foreach (var c in set.Metadata) { writer.Write('\t'); writer.Write(Clean(c.Name)); }
        writer.Write('\n');
        for (int r = 0; r < set.Count; r++)
        {
            writer.Write(Clean(set.Keys[r]));
            foreach (var c in set.Metadata) { writer.Write('\t'); writer.Write(Clean(c.Values[r])); }
            writer.Write('\n');
        }
    }

    // TSV has no quoting: tabs and line breaks inside values become spaces.
    private static string Clean(string? s) => string.IsNullOrEmpty(s) ? "" : s.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');

    /// <summary>Reads vectors and, when present, the metadata TSV written by <see cref="Save"/>.</summary>
    public static EmbeddingSet Load(string vectorPath) => Load(vectorPath, null);

    /// <summary>As <see cref="Load(string)"/>, with reader options (a forced format).</summary>
    public static EmbeddingSet Load(string vectorPath, VectorReadOptions? options, CancellationToken cancellationToken = default)
    {
        var set = VectorFile.Read(vectorPath, options, cancellationToken: cancellationToken);
        var metadata = MetadataPath(vectorPath);
        if (!File.Exists(metadata)) return set;
        using var reader = new StreamReader(metadata, System.Text.Encoding.UTF8);
        var header = reader.ReadLine()?.Split('\t') ?? throw new FormatException($"{Path.GetFileName(metadata)}, line 1: expected a header \"id<TAB>column…\", found an empty file.");
        var columns = new string[header.Length - 1][];
        for (int c = 0; c < columns.Length; c++) { columns[c] = new string[set.Count]; Array.Fill(columns[c], ""); }
        int line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            var parts = text.Split('\t');
            if (parts.Length != header.Length)
                throw new FormatException($"{Path.GetFileName(metadata)}, line {line}: expected {header.Length} tab-separated fields, found {parts.Length}.");
            int row = set.IndexOf(parts[0]);
            if (row < 0) continue;
            for (int c = 0; c < columns.Length; c++) columns[c][row] = parts[c + 1];
        }
        for (int c = 0; c < columns.Length; c++) set = set.WithColumn(new MetadataColumn(header[c + 1], columns[c]));
        return set;
    }
}
