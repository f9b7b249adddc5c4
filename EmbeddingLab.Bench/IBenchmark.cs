namespace EmbeddingLab.Bench;

/// <summary>One benchmark: prints its figures (ours, the reference's, and the ratio) and returns an exit code.</summary>
public interface IBenchmark
{
    /// <summary>The word typed after the program name, e.g. "topk".</summary>
    string Name { get; }

    /// <summary>One line: what is measured against what.</summary>
    string Description { get; }

    int Run(string[] args);
}
