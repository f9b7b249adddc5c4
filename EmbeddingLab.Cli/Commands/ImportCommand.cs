using System.CommandLine;
using EmbeddingLab.Core.Formats;
using EmbeddingLab.Core.Storage;

namespace EmbeddingLab.Cli.Commands;

/// <summary>
/// <c>import --data DIR --workspace ID --in FILE</c>: adds a vector file (any format) to a workspace of the app's data
/// folder (EmbeddingLab:DataPath), e.g. to seed a server's workspace; the id is the browser's el-workspace cookie.
/// Written as the app writes: temporary file, renamed inside the catalogue transaction, quota checked.
/// </summary>
public sealed class ImportCommand() : CliCommand("import", "Add a vector file (any format) to a workspace of the app's data folder.")
{
    private readonly Option<string> _data = CliOptions.Text("--data", "the app's data folder (EmbeddingLab:DataPath)", required: true, valueName: "DIR");
    private readonly Option<string> _workspace = CliOptions.Text("--workspace", "workspace id (the browser's el-workspace cookie)", required: true, valueName: "ID");
    private readonly Option<string> _in = CliOptions.ExistingFile("--in", "the vector file", required: true);
    private readonly Option<string> _metadata = CliOptions.ExistingFile("--metadata", "metadata TSV of TSV or .npy input");
    private readonly Option<string> _inFormat = CliOptions.Choice("--in-format", "format of --in (default: detected)", null, EmbeddingFiles.Formats.Select(f => f.Name).ToArray());
    private readonly Option<string> _name = CliOptions.Text("--name", "the set's name (default: the file name)", valueName: "NAME");
    private readonly Option<double> _quota = CliOptions.Double("--quota-bytes", "the workspace quota (EmbeddingLab:WorkspaceQuotaBytes)", 2L << 30, 1);
    private readonly Option<bool> _json = CliOptions.Json();

    protected internal override int Run(CliContext c)
    {
        var workspace = c.Required(_workspace);
        if (!WorkspaceStore.IsWorkspaceId(workspace)) throw new CliException("Option --workspace must be a workspace id (43 characters, the browser's el-workspace cookie).");
        var input = c.Required(_in);
        var format = c.Get(_inFormat) is { } f ? EmbeddingFiles.ParseName(f) : (EmbeddingFormat?)null;
        var set = EmbeddingFiles.Read(input, format, c.Get(_metadata), cancellationToken: c.CancellationToken);
        var store = new WorkspaceStore(new WorkspaceStoreOptions(c.Required(_data), (long)c.Get(_quota)));
        var stored = store.SaveSet(workspace, c.Get(_name) ?? Path.GetFileNameWithoutExtension(input), "Imported", $"Imported from {Path.GetFileName(input)}.", set,
            System.Text.Json.JsonSerializer.Serialize(new { source = "import", file = Path.GetFileName(input) }), c.CancellationToken);
        if (c.Get(_json)) c.Console.WriteJson(new { name = stored.Name, count = stored.Count, dimensions = stored.Dimensions, bytes = stored.Bytes });
        else c.Out.WriteLine($"Added \"{stored.Name}\" ({stored.Count:N0} × {stored.Dimensions}, {WorkspaceStore.FormatBytes(stored.Bytes)}).");
        return 0;
    }
}
