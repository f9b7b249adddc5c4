using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using EmbeddingLab.Core.Formats;

namespace EmbeddingLab.Cli;

/// <summary>
/// Option factories with the CLI's own messages: "Option --top needs a whole number, found "zero"." rather than the
/// parser's. Every value option accepts "--name value" and "--name=value"; a missing value, a repeated option and a
/// malformed value are parse errors reported as one sentence before the command runs.
/// </summary>
public static class CliOptions
{
    /// <summary>A free text value (absent = null unless required).</summary>
    public static Option<string> Text(string name, string description, bool required = false, string valueName = "TEXT") =>
        Value(name, description, valueName, required, (v, _) => v);

    /// <summary>A path to a file that must exist.</summary>
    public static Option<string> ExistingFile(string name, string description, bool required = false) =>
        Value(name, description, "FILE", required, (v, r) =>
        {
            if (!File.Exists(v)) r.AddError($"File \"{v}\" given to {name} does not exist.");
            return v;
        });

    /// <summary>A path to write (its folder must exist, checked by the command when it matters).</summary>
    public static Option<string> OutputFile(string name, string description, bool required = true) =>
        Value(name, description, "FILE", required, (v, _) => v);

    /// <summary>A path to a folder (existence is checked where it is read, so the message can say what is missing).</summary>
    public static Option<string> Folder(string name, string description, bool required = false) =>
        Value(name, description, "DIR", required, (v, _) => v);

    public static Option<int> Int(string name, string description, int defaultValue, int min = int.MinValue, int max = int.MaxValue) =>
        Value(name, description, "N", false, (v, r) => ParseInt(name, v, min, max, r), () => defaultValue);

    /// <summary>A whole number without a default (null when absent).</summary>
    public static Option<int?> OptionalInt(string name, string description, int min = int.MinValue, int max = int.MaxValue) =>
        Value<int?>(name, description, "N", false, (v, r) => ParseInt(name, v, min, max, r));

    public static Option<double> Double(string name, string description, double defaultValue, double min = double.MinValue, double max = double.MaxValue) =>
        Value(name, description, "X", false, (v, r) =>
        {
            if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || double.IsNaN(x))
            {
                r.AddError($"Option {name} needs a number, found \"{v}\".");
                return 0;
            }
            if (x < min || x > max) r.AddError($"Option {name} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, found {x.ToString(CultureInfo.InvariantCulture)}.");
            return x;
        }, () => defaultValue);

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), returned as spelled there; null default = absent is null.</summary>
    public static Option<string> Choice(string name, string description, string? defaultValue, params string[] allowed) =>
        Choice(name, description, defaultValue, required: false, allowed);

    public static Option<string> Choice(string name, string description, string? defaultValue, bool required, params string[] allowed) =>
        Value(name, description, string.Join('|', allowed), required, (v, r) =>
        {
            var match = allowed.FirstOrDefault(a => string.Equals(a, v, StringComparison.OrdinalIgnoreCase));
            if (match is null) r.AddError($"Option {name} must be one of {string.Join(", ", allowed)}; found \"{v}\".");
            return match ?? v;
        }, defaultValue is null ? null : () => defaultValue);

    /// <summary>A comma-separated list (empty items dropped); absent = empty.</summary>
    public static Option<string[]> List(string name, string description, string valueName = "A,B") =>
        Value(name, description, valueName, false,
            (v, _) => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), () => []);

    /// <summary>A switch: present = true; "--name true|false|1|0|yes|no" also accepted.</summary>
    public static Option<bool> Flag(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = r =>
        {
            if (Repeated(r, name)) return false;
            if (r.Tokens.Count == 0) return true;
            var v = r.Tokens[0].Value;
            switch (v.ToLowerInvariant())
            {
                case "true" or "1" or "yes": return true;
                case "false" or "0" or "no": return false;
                default:
                    r.AddError($"Option {name} is a switch; it takes no value (found \"{v}\").");
                    return false;
            }
        },
    };

    /// <summary>The shared --json switch.</summary>
    public static Option<bool> Json() => Flag("--json", "print one JSON object as the last line of output (and no progress)");

    /// <summary>The shared --format of commands that read vector files (absent = detect).</summary>
    public static Option<VectorFileFormat?> VectorFormat(string name = "--format") =>
        Value<VectorFileFormat?>(name, "vector file format (default: detected from the file)", "word2vec-text|word2vec-binary|glove", false, (v, r) =>
        {
            switch (v.ToLowerInvariant())
            {
                case "word2vec-text" or "text": return VectorFileFormat.Word2VecText;
                case "word2vec-binary" or "binary": return VectorFileFormat.Word2VecBinary;
                case "glove" or "glove-text": return VectorFileFormat.GloveText;
                default:
                    r.AddError($"Option {name} must be word2vec-text, word2vec-binary or glove; found \"{v}\".");
                    return null;
            }
        });

    private static int ParseInt(string name, string v, int min, int max, ArgumentResult r)
    {
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int x))
        {
            r.AddError($"Option {name} needs a whole number, found \"{v}\".");
            return 0;
        }
        if (x < min || x > max) r.AddError($"Option {name} must be between {min} and {max}, found {x}.");
        return x;
    }

    /// <summary>
    /// An option that takes one value. Arity is zero-or-more with one value per occurrence so that the parser hands us
    /// "--name" without a value and "--name a --name b", and the messages are ours.
    /// </summary>
    private static Option<T> Value<T>(string name, string description, string valueName, bool required,
        Func<string, ArgumentResult, T> parse, Func<T>? defaultValue = null)
    {
        var option = new Option<T>(name)
        {
            Description = description,
            HelpName = valueName,
            Required = required,
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
            CustomParser = r =>
            {
                if (Repeated(r, name)) return default!;
                if (r.Tokens.Count == 0)
                {
                    r.AddError($"Option {name} needs a value.");
                    return default!;
                }
                return parse(r.Tokens[0].Value, r);
            },
        };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue();
        return option;
    }

    private static bool Repeated(ArgumentResult r, string name)
    {
        if (r.Parent is not OptionResult { IdentifierTokenCount: > 1 }) return false;
        r.AddError($"Option {name} is given twice.");
        return true;
    }
}
