using EmbeddingLab.Web.Components;
using EmbeddingLab.Web.Images;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;
using MudBlazor;
using MudBlazor.Services;

namespace EmbeddingLab.Web;

/// <summary>Service registration and the request pipeline, shared by Program and the tests.</summary>
public static class AppSetup
{
    public static IServiceCollection AddEmbeddingLab(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents().AddInteractiveServerComponents(o =>
        {
            // Readable messages come from our own error handling; details stay in the server log.
            o.DetailedErrors = false;
        }).AddHubOptions(o => o.MaximumReceiveMessageSize = 64 * 1024 * 1024); // uploads of vector files and corpora

        services.AddPersistentWorkspaces(configuration);
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            o.SnackbarConfiguration.VisibleStateDuration = 6000;
            o.SnackbarConfiguration.PreventDuplicates = false;
        });
        services.AddScoped<UiPreferences>();
        services.AddSingleton<Uploads.UploadFolder>();
        services.AddScoped<Uploads.SessionUploads>();
        services.AddSingleton<DemoLibrary>();
        services.AddSingleton<Sprites.SpriteAtlases>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoLibrary>());
        services.AddScoped<SessionWorkspace>();
        services.AddScoped<JobRunner>();
        services.AddScoped<Components.Projector.ProjectorState>();
        services.AddScoped<Components.Projector.Clusters.ClusterState>();
        services.AddScoped<Components.Projector.CustomAxesState>();
        // Per-session page state: what the Songs and Words pages show survives navigating away and back.
        services.AddScoped<Songs.SongsState>();
        services.AddScoped<Words.WordsState>();
        services.AddScoped<SentenceSupport.SentencesState>();
        services.AddScoped<SentenceSupport.ClassificationState>();
        services.AddScoped<Compare.CompareState>();
        services.AddScoped<Compare.SemanticChangeState>();
        services.AddSingleton<MemoryReclaimer>();
        services.AddSingleton<JobThrottle>();
        services.AddSingleton<SentenceSupport.TransformerModels>();
        // One ONNX Runtime session per model file and options for the whole app, opened with the configured session
        // options (OnnxThreads, OnnxGraphOptimization); the container disposes them on shutdown.
        var onnxOptions = SentenceSupport.OnnxSettings.From(configuration);
        services.AddSingleton(_ => new Core.Encoding.Onnx.OnnxSessionCache(onnxOptions));
        services.AddSingleton<Downloads.DownloadSettings>();
        services.AddScoped<Downloads.SessionDownloads>();
        services.AddHostedService<Uploads.LeftoverSweeper>();
        services.AddHostedService<SetFileSweeper>();
        services.AddSingleton<Images.ImageFolders>();
        services.AddSingleton<Images.ThumbnailService>();
        services.AddSingleton<Images.ImageEncoders>();
        services.AddScoped<Images.ImagesState>();
        DemoSources.Register(services, configuration);
        return services;
    }

    public static WebApplication UseEmbeddingLab(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

        app.UseAntiforgery();
        app.UseWorkspaceCookie();
        // Health for load balancers and tests: 200 while the app serves; says which demo sets are still being prepared.
        app.MapGet("/health", (DemoLibrary demos, JobThrottle jobs) => Results.Ok(new
        {
            status = "ok",
            demos_ready = demos.Ready.Select(d => d.Name),
            demos_pending = demos.Pending,
            demos_failed = demos.Failed,
            jobs = new { running = jobs.Running, waiting = jobs.Waiting, max_concurrent = jobs.MaxConcurrent },
            // For the load benchmark: a queue here means requests wait for a thread, not for the CPU.
            thread_pool = new { threads = ThreadPool.ThreadCount, pending = ThreadPool.PendingWorkItemCount },
        }));
        app.MapThumbnails();
        app.MapStaticAssets();
        Sprites.SpriteEndpoint.MapSprites(app);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
