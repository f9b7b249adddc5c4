namespace EmbeddingLab.Bench;

/// <summary>One benchmark: runs ours and the reference implementation on the same input, prints both figures and the ratio.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Description { get; }
    int Run(string[] args);
}
