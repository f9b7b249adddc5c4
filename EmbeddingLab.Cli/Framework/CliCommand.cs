using System.CommandLine;
using System.Reflection;

namespace EmbeddingLab.Cli;

// How to add a command — one file in EmbeddingLab.Cli/Commands/, nothing to register:
//
//   public sealed class WeatCommand() : CliCommand("weat", "one sentence for --help")
//   {
//       private readonly Option<string> _vectors = CliOptions.ExistingFile("--vectors", "vector file (word2vec text/binary or GloVe)", required: true);
//       private readonly Option<int> _top = CliOptions.Int("--top", "how many results", 10, min: 1, max: 100_000);
//       private readonly Option<VectorFileFormat?> _format = CliOptions.VectorFormat();
//       private readonly Option<bool> _json = CliOptions.Json();
//
//       protected override int Run(CliContext c)
//       {
//           var set = VectorFile.Read(c.Required(_vectors), new VectorReadOptions { Format = c.Get(_format) }, cancellationToken: c.CancellationToken);
//           … c.Console.WriteJson(…) or c.Out.WriteLine(…); long work: c.Progress(json).Run("Title", p => …(progress: p.Map<T>(…)));
//           return 0;
//       }
//   }
//
// Options are the command's Option<T> fields, in declaration order (they make --help); commands are found by reflection.
// Porting an old ICliCommand: each args.X("name", …) call becomes a CliOptions.X("--name", "what it is", …) field and
// c.Get(field) in Run; drop EnsureAllUsed (unknown options are rejected by the parser); args.Has("x") is c.Has(_x);
// a user error is still `throw new CliException("One sentence.")` (exit 2). Messages for missing/malformed values,
// missing files and unknown options come from CliOptions/CliApp, so commands only check what relates options.

/// <summary>One sub-command: a name, a description for --help, its options (fields) and what it does.</summary>
public abstract class CliCommand(string name, string description)
{
    /// <summary>The word typed after the program name, e.g. "neighbors".</summary>
    public string Name { get; } = name;

    /// <summary>One sentence for --help.</summary>
    public string Description { get; } = description;

    /// <summary>Runs the command on parsed, validated options.</summary>
    /// <returns>The process exit code.</returns>
    protected internal abstract int Run(CliContext context);

    /// <summary>The command's Option fields in declaration order (metadata tokens follow source order).</summary>
    internal IReadOnlyList<Option> Options() => GetType()
        .GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
        .Where(f => typeof(Option).IsAssignableFrom(f.FieldType))
        .OrderBy(f => f.MetadataToken)
        .Select(f => (Option)f.GetValue(this)!)
        .ToList();
}

/// <summary>A user error on the command line or in an input: printed as one sentence, exit code 2, no stack trace.</summary>
public sealed class CliException(string message) : Exception(message);
