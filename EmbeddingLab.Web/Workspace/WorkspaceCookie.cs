using EmbeddingLab.Core.Storage;

namespace EmbeddingLab.Web.Workspace;

/// <summary>
/// Gives every browser a workspace: an unguessable id in a persistent, HttpOnly, SameSite=Lax cookie, set before the
/// Blazor circuit starts. The page render hands the id to the circuit as a (data-protected) root parameter; nothing
/// the browser sends later can switch it to another workspace.
/// </summary>
public sealed class WorkspaceCookie(RequestDelegate next, WorkspaceStore store)
{
    public const string Name = "el-workspace";
    private const string ItemKey = "EmbeddingLab.WorkspaceId";

    public async Task InvokeAsync(HttpContext context)
    {
        var id = context.Request.Cookies[Name];
        if (!WorkspaceStore.IsWorkspaceId(id))
        {
            id = WorkspaceStore.NewWorkspaceId();
            // Persistent: a browser keeps its workspace across restarts (400 days is the longest browsers keep one).
            context.Response.Cookies.Append(Name, id, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
                IsEssential = true,
                Path = "/",
                MaxAge = TimeSpan.FromDays(400),
            });
            store.Touch(id);
        }
        context.Items[ItemKey] = id;
        await next(context);
    }

    /// <summary>The workspace id of this request (set by the middleware), or null outside a request.</summary>
    public static string? From(HttpContext? context) => context?.Items[ItemKey] as string;
}

/// <summary>The workspace of one circuit, bound once by the root component from the page request's cookie.</summary>
public sealed class WorkspaceContext
{
    public string? Id { get; private set; }

    public void Bind(string? id)
    {
        if (Id is not null || !WorkspaceStore.IsWorkspaceId(id)) return;
        Id = id;
    }

    public string RequiredId => Id ?? throw new InvalidOperationException("This page has no workspace yet; reload it.");
}
