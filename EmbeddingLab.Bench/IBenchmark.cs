namespace EmbeddingLab.Bench;

/// <summary>One benchmark: prints our figure, the reference figure and the ratio. Discovered by reflection.</summary>
public interface IBenchmark
{
    /// <summary>The name typed on the command line.</summary>
    string Name { get; }

    /// <summary>One sentence of what it measures.</summary>
    string Description { get; }

    /// <returns>The process exit code.</returns>
    int Run(string[] args);
}
