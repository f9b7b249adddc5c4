using EmbeddingLab.Core.Encoding.Images;

namespace EmbeddingLab.Web.Images;

/// <summary>
/// The app's one ResNet-18 session, opened on first use and shared by every job and the emoji demo (ONNX Runtime runs
/// concurrent calls on one session; a session per job would hold the 63 MB model again each time).
/// </summary>
public sealed class ImageEncoders : IDisposable
{
    private readonly Lazy<ResNet18Encoder> _resnet = new(() => ResNet18Encoder.Open(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when the model files are on this machine (restored with the NuGet packages).</summary>
    public bool Available => ResNet18Files.TryLocate(out _);

    public ResNet18Encoder ResNet18 => _resnet.Value;

    public void Dispose()
    {
        if (_resnet.IsValueCreated) _resnet.Value.Dispose();
    }
}
