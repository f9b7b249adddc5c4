namespace EmbeddingLab.Web.Workspace;

/// <summary>
/// Where workspaces live and their limits (appsettings "EmbeddingLab" section or EmbeddingLab__… variables):
/// DataPath (default ~/.local/share/EmbeddingLab/data), WorkspaceQuotaBytes (2 GB),
/// SetCacheBytes (vectors kept in memory across workspaces, 1 GB; sets in use stay loaded beyond it), DemoCachePath
/// (the built demo sets, default DataPath/demos). Testing:SetWritePauseMs (kill tests only, off by default) pauses every
/// set write half-way so a test can kill the server while a set file is half-written.
/// </summary>
public sealed record WorkspaceSettings(string DataPath, long QuotaBytes, long SetCacheBytes, string DemoCachePath)
{
    public TimeSpan WritePause { get; init; }

    public static WorkspaceSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("EmbeddingLab");
        var dataPath = section["DataPath"];
        if (string.IsNullOrWhiteSpace(dataPath))
            dataPath = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "EmbeddingLab", "data");
        return new WorkspaceSettings(
            Path.GetFullPath(dataPath),
            section.GetValue<long?>("WorkspaceQuotaBytes") ?? 2L << 30,
            section.GetValue<long?>("SetCacheBytes") ?? 1L << 30,
            Path.GetFullPath(string.IsNullOrWhiteSpace(section["DemoCachePath"]) ? Path.Combine(dataPath, "demos") : section["DemoCachePath"]!))
        {
            WritePause = TimeSpan.FromMilliseconds(Math.Max(0, section.GetValue<int?>("Testing:SetWritePauseMs") ?? 0)),
        };
    }
}
