namespace EmbeddingLab.Bench;

/// <summary>One benchmark: runs ours and the reference back to back and prints both figures and the ratio.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Description { get; }
    int Run(string[] args);
}
