using Bunit;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Sentences;
using EmbeddingLab.Web.Documents;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.SentenceSupport;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.Documents;

/// <summary>
/// The Sentences page offers the built-in document sets beside the demo sentences, and opening one brings its items
/// with their metadata (small slices: three years of addresses, three e-mails of each group, as the settings allow).
/// </summary>
public sealed class BuiltInDocumentsPanelTests : MudTestContext
{
    private readonly string _models = Directory.CreateTempSubdirectory("el-docs-models-").FullName;
    private readonly DemoLibrary _library;

    public BuiltInDocumentsPanelTests()
    {
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EmbeddingLab:ModelsPath"] = _models,
        }).Build());
        var sotu = new StateOfTheUnionParagraphsSource(new SotuDemoSettings(true, 2019, 2021, null));
        var spam = new SpamAssassinSource(new SpamDemoSettings(true, 3), NullLogger<SpamAssassinSource>.Instance);
        _library = new DemoLibrary([sotu, spam], NullLogger<DemoLibrary>.Instance);
        Services.AddSingleton<DocumentSetSource>(sotu);
        Services.AddSingleton<DocumentSetSource>(spam);
        AddSentencesServices(_library);
        RenderProviders();
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _library.StopAsync(CancellationToken.None);
        await base.DisposeAsyncCore();
        Directory.Delete(_models, recursive: true);
    }

    private SentencesState State => Services.GetRequiredService<SentencesState>();

    [Fact]
    public async Task The_page_offers_both_sets_and_the_speeches_arrive_with_year_and_party()
    {
        var input = Render<SentenceInputPanel>();
        Assert.Equal("State of the Union, 2019–2021", input.Find("[data-testid=use-builtin-sotu]").TextContent.Trim());
        Assert.Equal("Spam Assassin e-mails", input.Find("[data-testid=use-builtin-spam]").TextContent.Trim());

        // Chosen before it is built: the job waits for it, and the demo sentences stay until then.
        input.Find("[data-testid=use-builtin-sotu]").Click();
        Assert.Contains("300 sentences", input.Find("[data-testid=sentence-source]").TextContent);
        await _library.StartAsync(CancellationToken.None);
        await State.EncodeJob!.WaitAsync().WaitAsync(TimeSpan.FromSeconds(120));

        input.WaitForAssertion(() => Assert.Contains("paragraphs", input.Find("[data-testid=builtin-status-sotu]").TextContent));
        input.WaitForAssertion(() => Assert.Contains("State of the Union, 2019–2021 · labels: year, decade, president, party", input.Find("[data-testid=sentence-source]").TextContent));
        var set = State.Set!;
        Assert.Equal(["2019", "2020", "2021"], set.Column("year")!.Values.Distinct());
        Assert.Equal(["2010s", "2020s"], set.Column("decade")!.Values.Distinct());
        Assert.Equal(["Republican", "Democratic"], set.Column("party")!.Values.Distinct());
        Assert.Equal("2019 Donald J Trump ¶1", set.Keys[0]);
        Assert.StartsWith("tfidf+lsa", State.Encoder!.Name); // k is capped by the few paragraphs of three years
        Assert.Equal(set.Count, State.Corpus.Count);

        // Search over the speeches: results carry year, president and party beside the text.
        var search = Render<SearchPanel>();
        search.Find("[data-testid=search-query]").Input("jobs and the economy");
        search.Find("form").Submit();
        search.WaitForAssertion(() => Assert.NotEmpty(search.FindAll("[data-testid=search-result]")));
        var years = search.FindAll("[data-testid=search-result-meta][data-column=year]").Select(c => c.TextContent.Trim()).ToList();
        Assert.NotEmpty(years);
        Assert.All(years, y => Assert.Contains(y, new[] { "2019", "2020", "2021" }));
        Assert.NotEmpty(search.FindAll("[data-testid=search-result-meta][data-column=party]"));
    }

    [Fact]
    public async Task The_e_mails_arrive_with_label_group_and_subject()
    {
        await _library.StartAsync(CancellationToken.None);
        await _library.WaitAllAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));
        var input = Render<SentenceInputPanel>();
        input.WaitForAssertion(() => Assert.Equal("15 e-mails", input.Find("[data-testid=builtin-status-spam]").TextContent.Trim()));
        // The parse report: every message counted, and those that could not be parsed named (none among these).
        Assert.Equal("15 of 15 messages read; 0 could not be parsed.", input.Find("[data-testid=builtin-note-spam]").TextContent.Trim());
        input.Find("[data-testid=use-builtin-spam]").Click();
        await State.EncodeJob!.WaitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var set = State.Set!;
        Assert.Equal(15, set.Count);
        Assert.Equal(["ham", "spam"], set.Column("label")!.Values.Distinct().Order());
        Assert.Equal(5, set.Column("group")!.Values.Distinct().Count());
        Assert.NotNull(set.Column("subject"));
        Assert.StartsWith("easy-ham-1/", set.Keys[0]);
    }
}
