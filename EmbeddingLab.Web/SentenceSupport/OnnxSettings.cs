using System.Globalization;
using EmbeddingLab.Core.Encoding.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace EmbeddingLab.Web.SentenceSupport;

/// <summary>
/// ONNX Runtime session options of the web app ("EmbeddingLab" section or EmbeddingLab__… variables): OnnxThreads
/// (intra-op threads per shared session, default all cores) and OnnxGraphOptimization (disable, basic, extended or
/// all; default all). Both absent = the encoders' own defaults. A bad value stops start-up with the setting named.
/// </summary>
public static class OnnxSettings
{
    public const string ThreadsKey = "EmbeddingLab:OnnxThreads", GraphOptimizationKey = "EmbeddingLab:OnnxGraphOptimization";

    public static OnnxSessionOptions? From(IConfiguration configuration)
    {
        string? threadsText = configuration[ThreadsKey], level = configuration[GraphOptimizationKey];
        if (string.IsNullOrWhiteSpace(threadsText) && string.IsNullOrWhiteSpace(level)) return null;
        int threads = Environment.ProcessorCount;
        if (!string.IsNullOrWhiteSpace(threadsText)
            && (!int.TryParse(threadsText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out threads) || threads < 1 || threads > 1024))
            throw new FormatException($"Setting {ThreadsKey} must be a whole number from 1 to 1024; found \"{threadsText}\".");
        return new OnnxSessionOptions
        {
            IntraOpNumThreads = threads,
            GraphOptimizationLevel = string.IsNullOrWhiteSpace(level) ? GraphOptimizationLevel.ORT_ENABLE_ALL
                : OnnxSessionOptions.ParseGraphOptimization(level, "Setting " + GraphOptimizationKey),
        };
    }
}
