using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli;

/// <summary>The shared <c>--format</c> option of commands that read vector files (absent = detect).</summary>
public static class VectorFormatOption
{
    public static VectorFileFormat? Parse(CliArgs args, string name = "format")
    {
        var value = args.Optional(name);
        if (value is null) return null;
        return value.ToLowerInvariant() switch
        {
            "word2vec-text" or "text" => VectorFileFormat.Word2VecText,
            "word2vec-binary" or "binary" => VectorFileFormat.Word2VecBinary,
            "glove" or "glove-text" => VectorFileFormat.GloveText,
            _ => throw new CliException($"Option --{name} must be word2vec-text, word2vec-binary or glove; found \"{value}\"."),
        };
    }
}
