namespace EmbeddingLab.Core.Vectors;

/// <summary>One search result: the row, its key and its score (cosine similarity unless stated otherwise).</summary>
public readonly record struct Neighbor(int Index, string Key, float Score);
