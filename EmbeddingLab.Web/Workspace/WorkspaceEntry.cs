using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Web.Workspace;

/// <summary>A named vector set in a session's workspace, with where it came from.</summary>
public sealed record WorkspaceEntry(string Name, EmbeddingSet Set, string Kind, string Description, bool IsDemo, DateTimeOffset Added)
{
    /// <summary>Songs, Words, Sentences or Other: which page made it, used to pick a sensible default view.</summary>
    public string Kind { get; init; } = Kind;
}
