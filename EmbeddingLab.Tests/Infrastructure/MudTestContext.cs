using Bunit;
using EmbeddingLab.Web;
using EmbeddingLab.Web.Compare;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.SentenceSupport;
using EmbeddingLab.Web.Songs;
using EmbeddingLab.Web.Uploads;
using EmbeddingLab.Web.Words;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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
    /// The services behind every page's state: a demo library (empty unless given), the session's workspace, its job
    /// runner and null loggers. Page tests add their page's state service after this (or use a page helper below).
    /// </summary>
    protected void AddWorkspaceServices(DemoLibrary? demos = null)
    {
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton(demos ?? new DemoLibrary([], NullLogger<DemoLibrary>.Instance));
        Services.AddScoped<SessionWorkspace>();
        Services.AddScoped<JobRunner>();
        Services.AddSingleton<EmbeddingLab.Core.Encoding.Onnx.OnnxSessionCache>();
    }

    /// <summary>The Words page's services: the workspace's and <see cref="WordsState"/>.</summary>
    protected void AddWordsServices()
    {
        AddWorkspaceServices();
        Services.AddScoped<WordsState>();
    }

    /// <summary>The Songs page's services: the workspace's and <see cref="SongsState"/>.</summary>
    protected void AddSongsServices()
    {
        AddWorkspaceServices();
        Services.AddScoped<SongsState>();
    }

    /// <summary>The Compare page's services: the workspace's, <see cref="CompareState"/>, the semantic-change state and the transformer models.</summary>
    protected void AddCompareServices()
    {
        AddWorkspaceServices();
        Services.AddScoped<CompareState>();
        Services.AddScoped<SemanticChangeState>();
        Services.AddSingleton<TransformerModels>();
    }

    /// <summary>The Sentences page's services: the workspace's (with <paramref name="demos"/> when given), the transformer models and <see cref="SentencesState"/>.</summary>
    protected void AddSentencesServices(DemoLibrary? demos = null)
    {
        AddWorkspaceServices(demos);
        Services.AddSingleton<TransformerModels>();
        Services.AddScoped<SentencesState>();
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
