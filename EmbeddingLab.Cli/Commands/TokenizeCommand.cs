using System.CommandLine;
using System.Text;
using EmbeddingLab.Core.Encoding.Tokenization;
using EmbeddingLab.Core.Encoding.Transformers;

namespace EmbeddingLab.Cli.Commands;

/// <summary><c>tokenize --model DIR --input FILE [--json]</c>: input ids (with [CLS]/[SEP]) of each non-empty line, as the model sees them.</summary>
public sealed class TokenizeCommand() : CliCommand("tokenize", "Input ids (with special tokens) of each non-empty line, as the model sees them.")
{
    private readonly Option<string> _model = CliOptions.Folder("--model", "model folder with tokenizer.json or vocab.txt", required: true);
    private readonly Option<string> _input = CliOptions.ExistingFile("--input", "text file, one text a line", required: true);
    private readonly Option<int?> _maxLength = CliOptions.OptionalInt("--max-length", "truncate to N tokens (default: the model's max_seq_length; 0 = no truncation)", min: 0, max: 1_000_000);
    private readonly Option<bool> _json = CliOptions.Json();

    protected internal override int Run(CliContext c)
    {
        string model = c.Required(_model);
        bool json = c.Get(_json);
        var tokenizer = TransformerTokenizer.FromDirectory(model);
        int? maxLength = c.Get(_maxLength) switch
        {
            0 => null,
            int n => n,
            null => SentenceTransformerModel.ReadMaxSeqLength(model) ?? tokenizer.ConfiguredMaxLength,
        };
        if (maxLength is int m && m < tokenizer.NumSpecialTokens)
            throw new CliException($"--max-length {m} leaves no room for the {tokenizer.NumSpecialTokens} special tokens.");

        using var reader = new StreamReader(c.Required(_input), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        for (string? line; (line = reader.ReadLine()) != null;)
        {
            c.CancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(line)) continue;
            var encoded = tokenizer.Encode(line, maxLength);
            if (json) c.Console.WriteJson(encoded.Ids);
            else c.Out.WriteLine(string.Join(' ', encoded.Ids) + "\t" + string.Join(' ', encoded.Tokens));
        }
        return 0;
    }
}
