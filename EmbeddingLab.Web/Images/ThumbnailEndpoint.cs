using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Images;

/// <summary>
/// GET /thumbs?set=NAME&amp;row=N&amp;size=S: the PNG thumbnail of row N of a set of the caller's workspace (cookie) or
/// a demo set. The browser names a set and a row, never a path; the path is read from the set on the server.
/// </summary>
public static class ThumbnailEndpoint
{
    public static WebApplication MapThumbnails(this WebApplication app)
    {
        app.MapGet("/thumbs", Get);
        return app;
    }

    private static IResult Get(HttpContext http, string set, int row, int? size, WorkspaceHub hub, DemoLibrary demos, ThumbnailService thumbnails)
    {
        var id = WorkspaceCookie.From(http);
        var entry = (id is null ? null : hub.Get(id).Entries.FirstOrDefault(e => e.Name == set)) ?? demos.Ready.FirstOrDefault(d => d.Name == set);
        if (entry is null) return Results.NotFound();
        var png = thumbnails.Png(entry.Set, row, size ?? ThumbnailService.DefaultSize);
        if (png is null) return Results.NotFound();
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return Results.File(png, "image/png");
    }
}
