using Bunit;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Encoding;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Sentences;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.SentenceSupport;
using EmbeddingLab.Web.Uploads;
using EmbeddingLab.Web.Workspace;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.Sentences;

/// <summary>
/// The Sentences page's panels in bUnit: each with the session's SentencesState (one per test context, as one per
/// browser session), rendered in its states and driven by clicks, input and uploads.
/// </summary>
public sealed class SentencesPanelTests : MudTestContext
{
    private const string Script = "<script>alert('x')</script> the telescope";
    private const string Image = "<img src=x onerror=alert(1)> a telescope & a star";

    private readonly string _models = Directory.CreateTempSubdirectory("el-panel-models-").FullName;
    private readonly string _files = Directory.CreateTempSubdirectory("el-panel-files-").FullName;

    public SentencesPanelTests()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EmbeddingLab:ModelsPath"] = _models,
            ["EmbeddingLab:UploadPath"] = Path.Combine(_files, "uploads"),
        }).Build();
        Services.AddSingleton<IConfiguration>(config);
        AddSentencesServices();
        _popovers = Render<MudBlazor.MudPopoverProvider>();
        Render<MudBlazor.MudSnackbarProvider>();
    }

    private readonly IRenderedComponent<MudBlazor.MudPopoverProvider> _popovers;

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        Directory.Delete(_models, recursive: true);
        Directory.Delete(_files, recursive: true);
    }

    private SentencesState State => Services.GetRequiredService<SentencesState>();

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private async Task WaitForEncodeAsync()
    {
        if (State.EncodeJob is { } job) await job.WaitAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    private static void Upload(IRenderedComponent<SentenceInputPanel> panel, byte[] bytes, string name) =>
        panel.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(bytes, name));

    // ---- input panel ---------------------------------------------------------------------------------------------

    [Fact]
    public void Opens_with_the_demo_sentences_encoded_and_no_message()
    {
        var input = Render<SentenceInputPanel>();
        Assert.Contains("300 sentences · built-in demo (10 topics)", input.Find("[data-testid=sentence-source]").TextContent);
        Assert.Contains("labels: label", input.Find("[data-testid=sentence-source]").TextContent);
        Assert.Empty(input.FindAll("[data-testid=sentences-error]"));
        var encoder = Render<EncoderPanel>();
        Assert.Contains("Encoded with tfidf: 300 ×", encoder.Find("[data-testid=encoded-summary]").TextContent);
    }

    [Fact]
    public async Task Pasted_sentences_replace_the_demo_once_encoded_and_an_empty_paste_says_so_in_one_message()
    {
        var input = Render<SentenceInputPanel>();
        input.Find("[data-testid=use-pasted]").Click();
        Assert.Equal("The pasted text holds no sentences (expected one sentence a line).", input.Find("[data-testid=sentences-error]").TextContent.Trim());

        input.Find("[data-testid=paste-box]").Input("the cat sat\n\nthe dog ran\na star in the sky");
        input.Find("[data-testid=use-pasted]").Click();
        await WaitForEncodeAsync();
        input.WaitForAssertion(() => Assert.Contains("3 sentences · pasted", input.Find("[data-testid=sentence-source]").TextContent));
        Assert.Empty(input.FindAll("[data-testid=sentences-error]")); // the fixed error went with the fix
        Assert.Equal(3, State.Set!.Count);
    }

    [Fact]
    public async Task A_text_file_upload_names_the_users_file_and_a_csv_brings_its_labels()
    {
        var input = Render<SentenceInputPanel>();
        Upload(input, "text,topic\nthe cat sat,animals\nthe dog ran,animals\nbuy shares,finance\n"u8.ToArray(), "my corpus.csv");
        await WaitForEncodeAsync();
        input.WaitForAssertion(() => Assert.Contains("3 sentences · my corpus.csv · labels: topic", input.Find("[data-testid=sentence-source]").TextContent));
        // Read, then deleted (the server process's own lock file in its scratch folder stays).
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(_files, "uploads"), "*", SearchOption.AllDirectories), f => Path.GetFileName(f) != ".owner.lock");
    }

    [Theory]
    [InlineData(new byte[] { 0x68, 0x69, 0x0A, 0x00, 0x01, 0xFF, 0x10 }, "is not a text file: byte 4 (line 2) is a NUL byte")]
    [InlineData(new byte[] { 0x68, 0x69, 0x0A, 0x6F, 0x6B, 0x0A, 0xC3, 0x28, 0x41 }, "is not UTF-8 text: the bytes at 7 (line 3) are not valid UTF-8")]
    public async Task A_binary_file_gets_a_clear_message_and_leaves_sentences_vectors_and_header_as_they_were(byte[] bytes, string expected)
    {
        var input = Render<SentenceInputPanel>();
        var header = input.Find("[data-testid=sentence-source]").TextContent;
        var set = State.Set;
        var encoder = State.Encoder;

        Upload(input, bytes, "rand5m.bin");
        await WaitForEncodeAsync();
        input.WaitForAssertion(() => Assert.Contains($"rand5m.bin {expected}", input.Find("[data-testid=sentences-error]").TextContent));
        Assert.Equal(header, input.Find("[data-testid=sentence-source]").TextContent);
        Assert.Same(set, State.Set);
        Assert.Same(encoder, State.Encoder);
        Assert.Null(State.EncodeJob); // nothing was started
    }

    [Fact]
    public void A_random_binary_file_of_many_kilobytes_is_refused_too()
    {
        var bytes = new byte[64 * 1024];
        new Random(13).NextBytes(bytes);
        var input = Render<SentenceInputPanel>();
        Upload(input, bytes, "random.txt");
        input.WaitForAssertion(() => Assert.Contains("random.txt is not", input.Find("[data-testid=sentences-error]").TextContent));
        Assert.Contains("300 sentences · built-in demo", input.Find("[data-testid=sentence-source]").TextContent);
    }

    [Fact]
    public void An_oversized_file_is_refused_before_it_uploads_with_its_size_and_the_cap()
    {
        var input = Render<SentenceInputPanel>();
        var big = new byte[SentenceUpload.MaxBytes + 1];
        Upload(input, big, "huge.txt");
        input.WaitForAssertion(() => Assert.Contains("\"huge.txt\" is 50 MB; this upload is limited to 50 MB.", input.Find("[data-testid=upload-error]").TextContent));
        Assert.Contains("300 sentences · built-in demo", input.Find("[data-testid=sentence-source]").TextContent);

        // The page's own reader refuses it too (a file that reaches it by another way).
        var path = Path.Combine(_files, "huge.bin");
        using (var f = File.Create(path)) f.SetLength(SentenceUpload.MaxBytes + 1);
        var e = Assert.Throws<FormatException>(() => SentenceUpload.ReadText(new UploadedFile("huge.txt", path, SentenceUpload.MaxBytes + 1)));
        Assert.StartsWith("huge.txt is 50 MB; the Sentences page reads files up to 50 MB", e.Message);
    }

    [Fact]
    public async Task Sentences_that_fail_to_encode_leave_the_previous_ones_and_say_why_in_the_input_panel()
    {
        var input = Render<SentenceInputPanel>();
        var set = State.Set;
        State.Kind = "transformer";
        State.ModelFolder = Path.Combine(_models, "missing-model");
        Upload(input, "one sentence\nanother one\n"u8.ToArray(), "notes.txt");
        await WaitForEncodeAsync();
        Assert.Equal(JobState.Failed, State.EncodeJob!.State);
        input.WaitForAssertion(() => Assert.StartsWith("notes.txt was not loaded:", input.Find("[data-testid=sentences-error]").TextContent.Trim()));
        Assert.EndsWith("The previous sentences are kept.", input.Find("[data-testid=sentences-error]").TextContent.Trim());
        Assert.Contains("300 sentences · built-in demo", input.Find("[data-testid=sentence-source]").TextContent);
        Assert.Same(set, State.Set);
    }

    // ---- encoder panel -------------------------------------------------------------------------------------------

    [Fact]
    public async Task Encode_is_disabled_while_its_job_runs_and_enables_by_itself_when_the_job_ends()
    {
        var encoder = Render<EncoderPanel>();
        int rendererThread = Environment.CurrentManagedThreadId;
        using var release = new ManualResetEventSlim();
        // Hold the job on its worker thread (it raises Changed there before it finishes) so the running state is seen.
        State.Changed += () => { if (Environment.CurrentManagedThreadId != rendererThread) release.Wait(TimeSpan.FromSeconds(30)); };

        encoder.Find("[data-testid=encode]").Click();
        encoder.WaitForAssertion(() => Assert.Equal("Running", encoder.Find("[data-testid=encode-job] [data-testid=job-panel]").GetAttribute("data-state")));
        Assert.True(encoder.Find("[data-testid=encode]").HasAttribute("disabled"));

        release.Set();
        await WaitForEncodeAsync();
        encoder.WaitForAssertion(() => Assert.Equal("Succeeded", encoder.Find("[data-testid=encode-job] [data-testid=job-panel]").GetAttribute("data-state")));
        encoder.WaitForAssertion(() => Assert.False(encoder.Find("[data-testid=encode]").HasAttribute("disabled")));
    }

    [Fact]
    public void Encode_and_the_other_sources_wait_while_a_sentence_file_uploads()
    {
        var encoder = Render<EncoderPanel>();
        var input = Render<SentenceInputPanel>();
        State.SetUploading(true);
        encoder.WaitForAssertion(() => Assert.True(encoder.Find("[data-testid=encode]").HasAttribute("disabled")));
        Assert.Contains("Waiting for the file", encoder.Find("[data-testid=encode-waits]").TextContent);
        input.WaitForAssertion(() => Assert.True(input.Find("[data-testid=use-pasted]").HasAttribute("disabled")));
        State.SetUploading(false);
        encoder.WaitForAssertion(() => Assert.False(encoder.Find("[data-testid=encode]").HasAttribute("disabled")));
        input.WaitForAssertion(() => Assert.False(input.Find("[data-testid=use-pasted]").HasAttribute("disabled")));
    }

    [Fact]
    public async Task A_failed_encode_shows_its_error_in_the_job_panel_and_Encode_enables_again()
    {
        var encoder = Render<EncoderPanel>();
        State.Kind = "transformer";
        State.ModelFolder = Path.Combine(_models, "missing-model");
        encoder.Find("[data-testid=encode]").Click();
        await WaitForEncodeAsync();
        encoder.WaitForAssertion(() => Assert.NotEmpty(encoder.Find("[data-testid=encode-job] [data-testid=job-error]").TextContent));
        encoder.WaitForAssertion(() => Assert.False(encoder.Find("[data-testid=encode]").HasAttribute("disabled")));
        Assert.Contains("Encoded with tfidf: 300 ×", encoder.Find("[data-testid=encoded-summary]").TextContent); // the old encoding stays
    }

    [Fact]
    public void Averaged_word_vectors_without_a_word_set_say_what_to_choose()
    {
        var encoder = Render<EncoderPanel>();
        State.Kind = "mean";
        encoder.Find("[data-testid=encode]").Click();
        Assert.Contains("Choose a word vector set", encoder.Find("[data-testid=encoder-error]").TextContent);
        State.Kind = "lsa";
        State.LsaComponents = 5000;
        encoder.Find("[data-testid=encode]").Click();
        Assert.Single(encoder.FindAll("[role=alert], .mud-alert")); // one current message: the new one
        Assert.Contains("k must be between 1 and 1000", encoder.Find("[data-testid=encoder-error]").TextContent);
    }

    [Fact]
    public void The_encoder_list_offers_the_transformer_only_when_a_model_folder_exists()
    {
        var encoder = Render<EncoderPanel>();
        encoder.Find("[data-testid=encoder-select]").MouseDown();
        encoder.WaitForAssertion(() => Assert.Contains("TF-IDF (full vocabulary)", Popovers()));
        Assert.DoesNotContain("Transformer model (ONNX)", Popovers());

        CopyDirectory(EncodingTestPaths.TinyBert, Path.Combine(_models, "tiny-bert"));
        State.RefreshModels();
        var again = Render<EncoderPanel>();
        again.Find("[data-testid=encoder-select]").MouseDown();
        again.WaitForAssertion(() => Assert.Contains("Transformer model (ONNX)", Popovers()));
    }

    private string Popovers() => string.Join("\n", _popovers.FindAll(".mud-popover-open").Select(p => p.TextContent));

    // ---- transformer models panel ----------------------------------------------------------------------------------

    [Fact]
    public void Without_a_model_folder_the_panel_says_how_to_add_one_and_where()
    {
        var panel = Render<TransformerModelsPanel>();
        var help = panel.Find("[data-testid=no-models]").TextContent;
        Assert.Contains("download it by id", help);
        Assert.Contains("onnx/model.onnx", help);
        Assert.Equal(_models, panel.Find("[data-testid=models-path]").TextContent);
        Assert.NotNull(panel.Find("[data-testid=hub-id]"));
        Assert.NotNull(panel.Find("[data-testid=download]"));
    }

    [Fact]
    public void A_model_folder_and_a_finished_hub_download_are_offered_but_an_unfinished_download_is_not()
    {
        CopyDirectory(EncodingTestPaths.TinyBert, Path.Combine(_models, "tiny-bert"));
        var hubDir = Path.Combine(_models, "test-org--done", "main");
        CopyDirectory(EncodingTestPaths.TinyBert, hubDir);
        File.WriteAllText(Path.Combine(hubDir, ".embeddinglab-complete"), "onnx/model.onnx\n");
        CopyDirectory(EncodingTestPaths.TinyBert, Path.Combine(_models, "test-org--partial", "main"));
        Directory.CreateDirectory(Path.Combine(_models, "not-a-model"));

        var panel = Render<TransformerModelsPanel>();
        Assert.Empty(panel.FindAll("[data-testid=no-models]"));
        Assert.Contains("2 models found: test-org/done, tiny-bert", panel.Find("[data-testid=models-found]").TextContent);
        Assert.Equal(Path.Combine(_models, "test-org--done", "main"), State.ModelFolder); // the first is chosen
    }

    [Fact]
    public void The_transformer_choice_encodes_the_demo_sentences_and_search_finds_them()
    {
        var texts = DemoSentences.All.Select(s => s.Text).ToArray();
        using var encoder = (IDisposable)SentenceEncoderFactory.Build(new EncoderChoice("transformer", ModelFolder: EncodingTestPaths.TinyBert), texts, _ => null, null, default);
        var sentenceEncoder = (EmbeddingLab.Core.Encoding.ISentenceEncoder)encoder;
        var set = EmbeddingLab.Core.Encoding.SentenceSets.Encode(sentenceEncoder, texts);
        Assert.Equal(texts.Length, set.Count);
        var hits = set.MostSimilarToVector(sentenceEncoder.Encode([texts[42]]), 3);
        Assert.Equal(42, hits[0].Index);
        Assert.Equal(1.0, hits[0].Score, 4);

        var e = Assert.Throws<ArgumentException>(() => SentenceEncoderFactory.Build(new EncoderChoice("transformer"), texts, _ => null, null, default));
        Assert.Contains("transformer model", e.Message);
    }

    [Fact]
    public void Factory_requires_a_word_set_for_averaged_vectors()
    {
        var e = Assert.Throws<ArgumentException>(() => SentenceEncoderFactory.Build(new EncoderChoice("mean"), ["a b"], _ => null, null, default));
        Assert.Contains("word vector set", e.Message);
    }

    // ---- search panel --------------------------------------------------------------------------------------------

    [Fact]
    public void Search_ranks_the_topic_first_sorts_by_column_and_says_when_nothing_matches()
    {
        var search = Render<SearchPanel>();
        Assert.Empty(search.FindAll("[data-testid=search-results]"));

        search.Find("[data-testid=search-query]").Input("planets and stars seen through a telescope");
        search.Find("form").Submit();
        var cells = search.FindAll("[data-testid=search-result]");
        Assert.Equal(5, cells.Count);
        Assert.Equal("astronomy", cells[0].GetAttribute("data-label"));
        var scores = search.FindAll("[data-testid=search-results] tbody tr td.el-score").Select(c => double.Parse(c.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);

        // Sorting by sentence orders the rows alphabetically.
        search.FindAll(".mud-table-sort-label").Single(l => l.TextContent.Contains("Sentence")).Click();
        var texts = search.FindAll("[data-testid=search-result]").Select(c => c.TextContent).ToList();
        Assert.Equal(texts.OrderBy(t => t, StringComparer.Ordinal), texts);

        search.Find("[data-testid=search-query]").Input("zyxw qqq");
        search.Find("form").Submit();
        Assert.Empty(search.FindAll("[data-testid=search-results]"));
        Assert.Contains("No sentence shares anything with the query", search.Find("[data-testid=search-empty]").TextContent);
    }

    [Fact]
    public async Task Leaving_the_page_and_coming_back_keeps_the_query_results_and_heatmap()
    {
        var search = Render<SearchPanel>();
        search.Find("[data-testid=search-query]").Input("the goalkeeper and the striker in the stadium");
        search.Find("form").Submit();
        search.Find("[data-testid=heatmap-from-results]").Click();
        await DisposeComponentsAsync();

        var again = Render<SearchPanel>();
        Assert.Equal("the goalkeeper and the striker in the stadium", again.Find("[data-testid=search-query]").GetAttribute("value"));
        Assert.Equal("football", again.FindAll("[data-testid=search-result]")[0].GetAttribute("data-label"));
        Assert.Equal("5", Render<HeatmapPanel>().Find("[data-testid=heatmap]").GetAttribute("data-rows"));
    }

    // ---- heatmap panel -------------------------------------------------------------------------------------------

    [Fact]
    public void The_heatmap_shows_three_sentences_per_label_and_the_count_changes_with_the_setting()
    {
        var heat = Render<HeatmapPanel>();
        Assert.Equal("30", heat.Find("[data-testid=heatmap]").GetAttribute("data-rows"));
        var key = heat.FindAll("[data-testid=heatmap-key] li");
        Assert.Equal(30, key.Count);
        Assert.StartsWith("[cooking]", key[0].TextContent);
        var trace = Assert.IsType<Plotly.Blazor.Traces.HeatMap>(heat.Instance.Traces().Single());
        Assert.Equal(1.0, ((double[])trace.Z[0])[0], 3); // a sentence is identical to itself
        Assert.Contains("[cooking]", ((string[])trace.Text[0])[1]);

        heat.Find("[data-testid=heatmap-per-label]").Change("1");
        heat.Find("[data-testid=heatmap-show]").Click();
        Assert.Equal("10", heat.Find("[data-testid=heatmap]").GetAttribute("data-rows"));
    }

    // ---- sentences that look like markup -----------------------------------------------------------------------------

    [Fact]
    public async Task Sentences_with_script_or_img_onerror_show_as_text_in_results_key_and_hover()
    {
        var input = Render<SentenceInputPanel>();
        input.Find("[data-testid=paste-box]").Input($"{Script}\n{Image}\nthe weather is cold today");
        input.Find("[data-testid=use-pasted]").Click();
        await WaitForEncodeAsync();
        input.WaitForAssertion(() => Assert.Contains("3 sentences · pasted", input.Find("[data-testid=sentence-source]").TextContent));

        var search = Render<SearchPanel>();
        search.Find("[data-testid=search-query]").Input("telescope");
        search.Find("form").Submit();
        var shown = search.FindAll("[data-testid=search-result]").Select(c => c.TextContent).ToList();
        Assert.Contains(Script, shown);
        Assert.Contains(Image, shown);
        Assert.Empty(search.FindAll("script"));
        Assert.Empty(search.FindAll("img"));

        var heat = Render<HeatmapPanel>();
        Assert.Contains(heat.FindAll("[data-testid=heatmap-key] li"), li => li.TextContent == Script);
        Assert.Empty(heat.FindAll("script"));
        var hover = string.Join("\n", ((Plotly.Blazor.Traces.HeatMap)heat.Instance.Traces()[0]).Text.Cast<string[]>().SelectMany(r => r));
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; the telescope", hover);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; a telescope &amp; a star", hover);
        Assert.DoesNotContain("<script", hover);
        Assert.DoesNotContain("<img", hover);
    }

    // ---- STS panel ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Sts_on_the_demo_pairs_shows_the_correlation_table_beside_the_scatter()
    {
        var sts = Render<StsPanel>();
        Assert.Empty(sts.FindAll("[data-testid=sts-table]"));
        sts.Find("[data-testid=demo-pairs]").Click();
        await State.StsJob!.WaitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        sts.WaitForAssertion(() => Assert.Equal(4, sts.FindAll("[data-testid=sts-table] tbody tr").Count));
        Assert.Contains($"{DemoSentences.StsPairs.Count} pairs from the demo pairs, encoder tfidf", sts.Find("[data-testid=sts-caption]").TextContent);
        Assert.Equal(DemoSentences.StsPairs.Count.ToString(), sts.Find("[data-testid=sts-scatter]").GetAttribute("data-points"));
        // The table's cosine row is the correlation of the scatter's points.
        var outcome = State.Sts!;
        double pearson = EmbeddingLab.Core.Analysis.Correlation.Pearson(outcome.Cosines, outcome.Pairs.Select(p => p.Score).ToArray());
        Assert.Equal(pearson, outcome.Result["cosine"].Pearson, 6);
        Assert.Equal(outcome.Result["cosine"].Pearson.ToString("F4", System.Globalization.CultureInfo.InvariantCulture),
            sts.FindAll("[data-testid=sts-table] tbody tr").Single(r => r.TextContent.StartsWith("cosine")).QuerySelectorAll("td")[1].TextContent);
    }

    [Fact]
    public async Task A_bad_pairs_file_says_where_and_a_good_run_clears_the_message()
    {
        var sts = Render<StsPanel>();
        sts.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("a,b,0.5\nc,d,high\n", "my pairs.csv"));
        sts.WaitForAssertion(() => Assert.Equal("my pairs.csv, line 2: score \"high\" is not a number.", sts.Find("[data-testid=sts-error]").TextContent.Trim()));
        sts.Find("[data-testid=demo-pairs]").Click();
        Assert.Empty(sts.FindAll("[data-testid=sts-error]"));
        await State.StsJob!.WaitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        sts.WaitForAssertion(() => Assert.NotEmpty(sts.FindAll("[data-testid=sts-table]")));
    }
}
