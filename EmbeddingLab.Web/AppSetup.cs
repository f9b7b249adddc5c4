using EmbeddingLab.Web.Components;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.FileProviders;

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
        services.AddSingleton<DemoLibrary>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoLibrary>());
        services.AddScoped<SessionWorkspace>();
        services.AddScoped<JobRunner>();
        services.AddSingleton<SentenceSupport.TransformerModels>();
        DemoSources.Register(services);
        return services;
    }

    public static WebApplication UseEmbeddingLab(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

        // Third-party files copied from node_modules at build time (bootstrap, plotly) and our own assets.
        ServeFolder(app, Path.Combine(AppContext.BaseDirectory, "clientlib"), "/lib");
        ServeFolder(app, Path.Combine(AppContext.BaseDirectory, "wwwroot-assets"), "/assets");

        app.UseAntiforgery();
        app.UseWorkspaceCookie();
        app.MapBlazorClientScript();
        // Health for load balancers and tests: 200 while the app serves; says which demo sets are still being prepared.
        app.MapGet("/health", (DemoLibrary demos) => Results.Ok(new
        {
            status = "ok",
            demos_ready = demos.Ready.Select(d => d.Name),
            demos_pending = demos.Pending,
            demos_failed = demos.Failed,
        }));
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    private static void ServeFolder(WebApplication app, string folder, string requestPath)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Static folder {folder} is missing; build the app with 'dotnet build' (it restores npm packages).");
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder), RequestPath = requestPath });
    }
}
