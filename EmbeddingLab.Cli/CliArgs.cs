using System.Globalization;

namespace EmbeddingLab.Cli;

/// <summary>A user error on the command line or in an input: printed as one sentence, exit code 2, no stack trace.</summary>
public sealed class CliException(string message) : Exception(message);

/// <summary>
/// Parsed "--name value" / "--flag" arguments. Every option a command reads is recorded, so an option the command
/// does not know is reported instead of silently ignored.
/// </summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CliArgs(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
                throw new CliException($"Unexpected argument \"{a}\"; options look like --name value.");
            string name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            else if (i + 1 < list.Count && !(list[i + 1].StartsWith("--", StringComparison.Ordinal) && list[i + 1].Length > 2)) value = list[++i];
            if (!_values.TryAdd(name, value)) throw new CliException($"Option --{name} is given twice.");
        }
    }

    public bool Has(string name) { _read.Add(name); return _values.ContainsKey(name); }

    /// <summary>A boolean switch (present = true).</summary>
    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var v)) return false;
        if (v is null) return true;
        return v.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw new CliException($"Option --{name} is a switch; it takes no value (found \"{v}\")."),
        };
    }

    public string? Optional(string name)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var v)) return null;
        return v ?? throw new CliException($"Option --{name} needs a value.");
    }

    public string Required(string name) => Optional(name) ?? throw new CliException($"Option --{name} is required.");

    public string RequiredFile(string name)
    {
        var path = Required(name);
        if (!File.Exists(path)) throw new CliException($"File \"{path}\" given to --{name} does not exist.");
        return path;
    }

    public int Int(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue)
    {
        var v = Optional(name);
        if (v is null) return defaultValue;
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int result))
            throw new CliException($"Option --{name} needs a whole number, found \"{v}\".");
        if (result < min || result > max) throw new CliException($"Option --{name} must be between {min} and {max}, found {result}.");
        return result;
    }

    public double Double(string name, double defaultValue, double min = double.MinValue, double max = double.MaxValue)
    {
        var v = Optional(name);
        if (v is null) return defaultValue;
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double result) || double.IsNaN(result))
            throw new CliException($"Option --{name} needs a number, found \"{v}\".");
        if (result < min || result > max) throw new CliException($"Option --{name} must be between {min} and {max}, found {result}.");
        return result;
    }

    /// <summary>One of the allowed values (case-insensitive).</summary>
    public string Choice(string name, string defaultValue, params string[] allowed)
    {
        var v = Optional(name) ?? defaultValue;
        var match = allowed.FirstOrDefault(a => string.Equals(a, v, StringComparison.OrdinalIgnoreCase));
        return match ?? throw new CliException($"Option --{name} must be one of {string.Join(", ", allowed)}; found \"{v}\".");
    }

    /// <summary>Comma-separated list (empty items dropped).</summary>
    public string[] List(string name) =>
        (Optional(name) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Fails on options that the command never read (typos, options of another command).</summary>
    public void EnsureAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0) throw new CliException($"Unknown option{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => "--" + u))}.");
    }
}
