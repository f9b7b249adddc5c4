namespace EmbeddingLab.Core.Encoding.Onnx;

/// <summary>An error reported by ONNX Runtime (its own message, with the model file it concerns).</summary>
public sealed class OnnxRuntimeException(string message, Exception? inner = null) : Exception(message, inner);
