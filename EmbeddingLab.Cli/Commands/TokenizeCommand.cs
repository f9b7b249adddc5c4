using System.Text;
using EmbeddingLab.Core.Encoding.Tokenization;
using EmbeddingLab.Core.Encoding.Transformers;

namespace EmbeddingLab.Cli.Commands;

/// <summary><c>tokenize --model DIR --input FILE [--json]</c>: input ids (with [CLS]/[SEP]) of each non-empty line, as the model sees them.</summary>
public sealed class TokenizeCommand : ICliCommand
{
    public string Name => "tokenize";
    public string Usage => "tokenize --model DIR --input FILE [--max-length N] [--json]   input ids (with special tokens) per non-empty line; "
        + "truncated to the model's max_seq_length unless --max-length (0 = no truncation)";

    public int Run(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        string model = args.Required("model");
        string input = args.RequiredFile("input");
        int? maxLengthOption = args.Has("max-length") ? args.Int("max-length", 0, min: 0, max: 1_000_000) : null;
        bool json = args.Flag("json");
        args.EnsureAllUsed();

        var tokenizer = BertTokenizer.FromDirectory(model);
        int? maxLength = maxLengthOption switch
        {
            0 => null,
            int n => n,
            null => SentenceTransformerModel.ReadMaxSeqLength(model) ?? tokenizer.ConfiguredMaxLength,
        };
        if (maxLength is int m && m < tokenizer.NumSpecialTokens)
            throw new CliException($"--max-length {m} leaves no room for the {tokenizer.NumSpecialTokens} special tokens.");

        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        for (string? line; (line = reader.ReadLine()) != null;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(line)) continue;
            var encoded = tokenizer.Encode(line, maxLength);
            if (json) console.WriteJson(encoded.Ids);
            else console.Out.WriteLine(string.Join(' ', encoded.Ids) + "\t" + string.Join(' ', encoded.Tokens));
        }
        return 0;
    }
}
