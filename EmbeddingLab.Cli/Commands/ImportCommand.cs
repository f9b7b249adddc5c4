using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Storage;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>import --data DIR --workspace ID --in FILE</c>: adds a vector file (any format) to a workspace of the app's data
/// folder (EmbeddingLab:DataPath), e.g. to seed a server's workspace; the id is the browser's el-workspace cookie.
/// Written like the app writes: temporary file, renamed inside the catalogue transaction, quota checked.
/// </summary>
public sealed class ImportCommand : ICliCommand
{
    public string Name => "import";
    public string Usage => "import --data DIR --workspace ID --in FILE [--metadata FILE] [--in-format F] [--name NAME] [--quota-bytes N] [--json]   add a vector file to a workspace of the app's data folder";

    public int Run(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var data = args.Required("data");
        var workspace = args.Required("workspace");
        var input = args.RequiredFile("in");
        var metadata = args.Optional("metadata");
        var format = args.Optional("in-format") is { } f ? EmbeddingFiles.ParseName(f) : (EmbeddingFormat?)null;
        var name = args.Optional("name") ?? Path.GetFileNameWithoutExtension(input);
        long quota = (long)args.Double("quota-bytes", 2L << 30, min: 1);
        bool json = args.Flag("json");
        args.EnsureAllUsed();
        if (!WorkspaceStore.IsWorkspaceId(workspace)) throw new CliException("Option --workspace must be a workspace id (43 characters, the browser's el-workspace cookie).");

        var set = EmbeddingFiles.Read(input, format, metadata, cancellationToken: cancellationToken);
        var store = new WorkspaceStore(new WorkspaceStoreOptions(data, quota));
        var stored = store.SaveSet(workspace, name, "Imported", $"Imported from {Path.GetFileName(input)}.", set,
            System.Text.Json.JsonSerializer.Serialize(new { source = "import", file = Path.GetFileName(input) }), cancellationToken);
        if (json) console.WriteJson(new { name = stored.Name, count = stored.Count, dimensions = stored.Dimensions, bytes = stored.Bytes });
        else console.Out.WriteLine($"Added \"{stored.Name}\" ({stored.Count:N0} × {stored.Dimensions}, {WorkspaceStore.FormatBytes(stored.Bytes)}).");
        return 0;
    }
}
