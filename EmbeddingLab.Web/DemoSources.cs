using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web;

/// <summary>The built-in demo sets, prepared at start-up in the order of their <see cref="IDemoSetSource.Order"/>.</summary>
public static class DemoSources
{
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        var sotu = SotuDemoSettings.From(configuration);
        if (sotu.Enabled) services.AddSingleton<IDemoSetSource>(new StateOfTheUnionWords(sotu));
        services.AddSingleton<IDemoSetSource, SentenceSupport.SentencesDemoSource>();
        services.AddSingleton<IDemoSetSource, TeachingCorpusWords>();
        services.AddSingleton<IDemoSetSource, Songs.SongsDemoSource>();
        var emoji = Images.EmojiDemoSettings.From(configuration);
        if (emoji.Enabled && Core.Data.EmojiDataset.IsInstalled())
        {
            services.AddSingleton(emoji);
            services.AddSingleton<IDemoSetSource, Images.EmojiNamesDemoSource>();
            if (Core.Encoding.Images.ResNet18Files.TryLocate(out _)) services.AddSingleton<IDemoSetSource, Images.EmojiImagesDemoSource>();
        }
    }
}
