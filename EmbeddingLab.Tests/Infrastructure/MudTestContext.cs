using Bunit;
using EmbeddingLab.Web;
using EmbeddingLab.Web.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace EmbeddingLab.Tests.Infrastructure;

/// <summary>
/// bUnit context for EmbeddingLab's components: MudBlazor's services, loose JS interop (MudBlazor and plotly calls
/// answer with defaults), and the app's per-session services that every panel may inject. Derive a test class from it
/// and call <c>Render&lt;TComponent&gt;(…)</c>.
/// </summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    // bUnit waits 1 s by default; jobs in these tests run on the thread pool, which a full parallel suite keeps busy.
    // A wait ends as soon as its assertion holds, so the longer bound only costs time when a test fails.
    static MudTestContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["EmbeddingLab:UploadPath"] = Path.Combine(Path.GetTempPath(), "embeddinglab-test-uploads") })
            .Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddSingleton<UploadFolder>();
        Services.AddScoped<SessionUploads>();
        Services.AddScoped<UiPreferences>();
        Services.AddSingleton<EmbeddingLab.Web.Downloads.DownloadSettings>();
        Services.AddScoped<EmbeddingLab.Web.Downloads.SessionDownloads>();
    }

    /// <summary>
    /// The services behind every page's state: an empty demo library, the session's workspace and its job runner.
    /// Page tests add their page's state service after this.
    /// </summary>
    protected void AddWorkspaceServices()
    {
        Services.AddSingleton(new EmbeddingLab.Web.Workspace.DemoLibrary([], Microsoft.Extensions.Logging.Abstractions.NullLogger<EmbeddingLab.Web.Workspace.DemoLibrary>.Instance));
        Services.AddScoped<EmbeddingLab.Web.Workspace.SessionWorkspace>();
        Services.AddSingleton<Microsoft.Extensions.Logging.ILogger<EmbeddingLab.Web.Jobs.JobRunner>>(Microsoft.Extensions.Logging.Abstractions.NullLogger<EmbeddingLab.Web.Jobs.JobRunner>.Instance);
        Services.AddScoped<EmbeddingLab.Web.Jobs.JobRunner>();
    }

    /// <summary>Renders MudBlazor's providers (popovers, snackbars) so menus, autocompletes and snackbars can show.</summary>
    protected void RenderProviders()
    {
        Render<MudBlazor.MudPopoverProvider>();
        Render<MudBlazor.MudSnackbarProvider>();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's popover service is only IAsyncDisposable: dispose the container asynchronously (xunit calls this first).
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
