using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace EmbeddingLab.Web;

/// <summary>
/// Serves blazor.web.js from the manifest resource of the .NET 9 Components.Endpoints assembly copied next to the app
/// (see BlazorScript.targets: our NuGet copy lacks the .NET 10 asset package). Read once, kept in memory.
/// </summary>
public static class BlazorClientScript
{
    public const string ResourceName = "_framework/blazor.web.js";

    public static string SourceAssemblyPath => Path.Combine(AppContext.BaseDirectory, "clientlib", "blazor-client", "Components.Endpoints.net9.dll");

    private static readonly Lazy<byte[]> Script = new(() => Extract(SourceAssemblyPath, ResourceName));

    public static byte[] Bytes => Script.Value;

    public static byte[] Extract(string assemblyPath, string resourceName)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (metadata.GetString(resource.Name) != resourceName) continue;
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var block = pe.GetSectionData(directory.RelativeVirtualAddress);
            var reader = block.GetReader((int)resource.Offset, block.Length - (int)resource.Offset);
            int length = reader.ReadInt32();
            return reader.ReadBytes(length);
        }
        throw new InvalidDataException($"{assemblyPath} has no resource {resourceName}.");
    }

    public static void MapBlazorClientScript(this WebApplication app) =>
        app.MapGet("/_framework/blazor.web.js", () => Results.Bytes(Bytes, "text/javascript"));
}
