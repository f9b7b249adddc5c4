using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web;

/// <summary>The built-in demo sets, prepared at start-up in the order of their <see cref="IDemoSetSource.Order"/>.</summary>
public static class DemoSources
{
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        var sotu = SotuDemoSettings.From(configuration);
        if (sotu.Enabled) services.AddSingleton<IDemoSetSource>(new StateOfTheUnionWords(sotu));
        // Real documents for the Sentences page: each is both a demo set and a source the page opens (and fits a query encoder for).
        if (sotu.Enabled) AddDocuments(services, _ => new Documents.StateOfTheUnionParagraphsSource(sotu));
        var spam = Documents.SpamDemoSettings.From(configuration);
        if (spam.Enabled) AddDocuments(services, sp => new Documents.SpamAssassinSource(spam, sp.GetRequiredService<ILogger<Documents.SpamAssassinSource>>(), sp.GetService<Core.Storage.DemoCache>()));
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

    private static void AddDocuments<T>(IServiceCollection services, Func<IServiceProvider, T> make) where T : Documents.DocumentSetSource
    {
        services.AddSingleton(make);
        services.AddSingleton<Documents.DocumentSetSource>(sp => sp.GetRequiredService<T>());
        services.AddSingleton<IDemoSetSource>(sp => sp.GetRequiredService<T>());
    }
}
