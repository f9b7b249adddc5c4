using System.Security.Cryptography;
using TextEncoding = System.Text.Encoding;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Storage;

/// <summary>
/// Built-in demo sets cached on disk once per installation: <c>&lt;folder&gt;/&lt;hash&gt;.elset</c>, the hash of the demo's name
/// and a version (the build of the code that makes it), so a new build rebuilds them and every later start reads them.
/// Written to a temporary file and renamed, like workspace sets.
/// </summary>
public sealed class DemoCache(string folder)
{
    private readonly string _folder = folder;

    public string PathFor(string name, string version) =>
        Path.Combine(_folder, Convert.ToHexString(SHA256.HashData(TextEncoding.UTF8.GetBytes(name + "\n" + version)))[..32].ToLowerInvariant() + ".elset");

    /// <summary>The cached set, or null when there is none (or it is unreadable, in which case it is rebuilt).</summary>
    public EmbeddingSet? TryLoad(string name, string version)
    {
        var path = PathFor(name, version);
        if (!File.Exists(path)) return null;
        try { return SetFile.Read(path); }
        catch (InvalidDataException) { return null; }
        catch (IOException) { return null; }
    }

    public void Save(string name, string version, EmbeddingSet set)
    {
        Directory.CreateDirectory(_folder);
        var path = PathFor(name, version);
        var temp = path + "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)) + ".tmp";
        try
        {
            SetFile.Write(set, temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
