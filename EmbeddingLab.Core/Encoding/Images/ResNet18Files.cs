using System.Reflection;

namespace EmbeddingLab.Core.Encoding.Images;

/// <summary>
/// Finds the pretrained ResNet-18 of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (MIT): its
/// <c>tools/DnnImageModels</c> folder holds <c>ResNet18Onnx/ResNet18.onnx</c> and <c>ResNetPrepOnnx/ResNetPreprocess.onnx</c>.
/// Looked for in <c>$EMBEDDINGLAB_RESNET18</c>, a <c>DnnImageModels</c> folder beside the app, the package folder the
/// build restored (baked into this assembly), then the NuGet package cache. Nothing of it is committed.
/// </summary>
public sealed record ResNet18Files(string Model, string Preprocess)
{
    public const string EnvironmentVariable = "EMBEDDINGLAB_RESNET18";
    public const string PackageId = "microsoft.ml.dnnimagefeaturizer.resnet18";
    public const string PackageVersion = "0.23.1";

    public static bool TryLocate(out ResNet18Files files)
    {
        foreach (var folder in Candidates())
        {
            var model = Path.Combine(folder, "ResNet18Onnx", "ResNet18.onnx");
            var preprocess = Path.Combine(folder, "ResNetPrepOnnx", "ResNetPreprocess.onnx");
            if (File.Exists(model) && File.Exists(preprocess)) { files = new ResNet18Files(model, preprocess); return true; }
        }
        files = null!;
        return false;
    }

    public static ResNet18Files Locate() => TryLocate(out var files) ? files
        : throw new FileNotFoundException(
            $"The ResNet-18 model was not found: restore the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 {PackageVersion} (the build does) or set {EnvironmentVariable} to its tools/DnnImageModels folder.");

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment) yield return fromEnvironment;
        yield return Path.Combine(AppContext.BaseDirectory, "DnnImageModels");
        var restored = typeof(ResNet18Files).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ResNet18Package")?.Value;
        if (!string.IsNullOrEmpty(restored)) yield return Path.Combine(restored, "tools", "DnnImageModels");
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(cache)) cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        yield return Path.Combine(cache, PackageId, PackageVersion, "tools", "DnnImageModels");
    }
}
