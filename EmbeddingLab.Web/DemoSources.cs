using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web;

/// <summary>The built-in demo sets, in the order they are prepared at start-up. Each feature adds its own here.</summary>
public static class DemoSources
{
    public static void Register(IServiceCollection services)
    {
        _ = services; // feature demos register here: services.AddSingleton<IDemoSetSource, …>();
        services.AddSingleton<IDemoSetSource, TeachingCorpusWords>();
        services.AddSingleton<IDemoSetSource, SentenceSupport.SentencesDemoSource>();
    }
}
