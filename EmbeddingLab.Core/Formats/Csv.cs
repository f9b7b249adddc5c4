using System.Text;

namespace EmbeddingLab.Core.Formats;

/// <summary>One CSV record with the 1-based line it starts on.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// A streaming RFC 4180 reader: fields separated by a delimiter, optionally quoted with <c>"</c>, <c>""</c> for a
/// quote inside quotes, quoted fields may span lines. Errors are <see cref="FormatException"/>s naming the source
/// and line. Empty lines are skipped.
/// </summary>
public static class Csv
{
    public static IEnumerable<CsvRecord> Read(TextReader reader, char delimiter = ',', string source = "input")
    {
        int line = 1;
        var field = new StringBuilder();
        var fields = new List<string>();
        while (true)
        {
            int c = reader.Read();
            if (c < 0) yield break;
            if (c == '\r') { if (reader.Peek() == '\n') reader.Read(); line++; continue; } // empty line
            if (c == '\n') { line++; continue; }

            int recordLine = line;
            fields.Clear();
            field.Clear();
            bool endOfRecord = false;
            while (!endOfRecord)
            {
                // At the start of a field (c holds its first character, or -1 at end of input).
                if (c == '"')
                {
                    int quoteLine = line;
                    while (true)
                    {
                        int q = reader.Read();
                        if (q < 0) throw new FormatException($"{source}, line {quoteLine}: a quoted field is never closed (missing \").");
                        if (q == '"')
                        {
                            if (reader.Peek() == '"') { reader.Read(); field.Append('"'); continue; }
                            break;
                        }
                        if (q == '\n') line++;
                        else if (q == '\r' && reader.Peek() != '\n') line++;
                        field.Append((char)q);
                    }
                    c = reader.Read();
                    if (c >= 0 && c != delimiter && c != '\r' && c != '\n')
                        throw new FormatException($"{source}, line {line}: unexpected character '{(char)c}' after a closing quote; expected the delimiter or the end of the line.");
                }
                else
                {
                    while (c >= 0 && c != delimiter && c != '\r' && c != '\n')
                    {
                        if (c == '"') throw new FormatException($"{source}, line {line}: a quote inside an unquoted field; quote the whole field and double the quote (\"\").");
                        field.Append((char)c);
                        c = reader.Read();
                    }
                }
                fields.Add(field.ToString());
                field.Clear();
                if (c == delimiter) { c = reader.Read(); continue; }
                if (c == '\r' && reader.Peek() == '\n') reader.Read();
                if (c >= 0) line++;
                endOfRecord = true;
            }
            yield return new CsvRecord(recordLine, fields.ToArray());
        }
    }

    /// <summary>Tab for .tsv/.tab files or a first line that holds a tab and no comma, else comma.</summary>
    public static char GuessDelimiter(string fileName, string firstLine)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        if (ext is ".tsv" or ".tab") return '\t';
        if (ext == ".csv") return ',';
        return firstLine.Contains('\t') && !firstLine.Contains(',') ? '\t' : ',';
    }
}
