using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Sprites;

/// <summary>
/// GET /sprites?set=NAME&amp;v=KEY: the sprite atlas (PNG) of a set the caller may read — a set of its own workspace
/// (by the workspace cookie) or a demo set. The browser names a set, never a file; what files the atlas is drawn from
/// is the server's business. <c>v</c> is the atlas key the page was given: when the set has changed since, the answer
/// is 404 rather than an atlas that no longer matches the page's rows. The answer may be cached for good (the URL
/// names its content).
/// </summary>
public static class SpriteEndpoint
{
    public const string Path = "/sprites";

    public static string UrlFor(string setName, string key) => $"{Path}?set={Uri.EscapeDataString(setName)}&v={key}";

    public static WebApplication MapSprites(this WebApplication app)
    {
        app.MapGet(Path, Serve);
        return app;
    }

    private static async Task<IResult> Serve(HttpContext http, string? set, string? v, WorkspaceHub hub, DemoLibrary demos, SpriteAtlases atlases, CancellationToken ct)
    {
        var id = WorkspaceCookie.From(http);
        if (id is null) return Results.BadRequest("No workspace.");
        if (string.IsNullOrEmpty(set)) return Results.BadRequest("Name a set: /sprites?set=NAME.");
        var entry = hub.Get(id).Entries.FirstOrDefault(e => e.Name == set) ?? demos.Ready.FirstOrDefault(d => d.Name == set);
        if (entry is null) return Results.NotFound($"There is no set called \"{set}\" in this workspace.");
        var data = entry.Set;
        var key = await Task.Run(() => atlases.KeyFor(data), ct);
        if (key is null) return Results.NotFound($"The set \"{set}\" has no images.");
        if (!string.IsNullOrEmpty(v) && v != key) return Results.NotFound($"The set \"{set}\" has changed; open it again.");
        var atlas = await atlases.GetAsync(data, key, ct);
        atlases.Use(entry, key);
        http.Response.Headers.CacheControl = string.IsNullOrEmpty(v) ? "private, no-cache" : "private, max-age=31536000, immutable";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(atlas.Png, "image/png");
    }
}
