namespace EmbeddingLab.Core.Encoding.Onnx;

/// <summary>An error reported by ONNX Runtime (its own message) or a missing native library/model.</summary>
public sealed class OnnxRuntimeException(string message, Exception? inner = null) : Exception(message, inner);
