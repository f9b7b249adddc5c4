using Bunit;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Words;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Words;
using EmbeddingLab.Web.Workspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmbeddingLab.Tests.Words;

/// <summary>Moby Dick is offered on the Words page's training panel as a real corpus to train on, with the form's parameters.</summary>
public sealed class MobyDickTrainingTests : MudTestContext
{
    public MobyDickTrainingTests()
    {
        AddWordsServices();
    }

    private WordsState State => Services.GetRequiredService<WordsState>();

    [Fact]
    public void The_training_panel_trains_word2vec_on_moby_dick_with_the_forms_parameters()
    {
        // Small settings so the test is quick: 1 epoch, 20 dimensions, words seen at least 10 times.
        (State.Form.VectorSize, State.Form.Epochs, State.Form.MinCount, State.Form.Workers) = (20, 1, 10, 2);
        var cut = Render<TrainWordsPanel>(p => p.Add(c => c.State, State));
        var button = cut.Find("[data-testid=train-moby-dick]");
        Assert.Contains("Moby Dick", button.TextContent);
        button.Click();

        Assert.NotNull(State.Job);
        Assert.Equal("Training word2vec on Moby Dick", State.Job!.Title);
        cut.WaitForAssertion(() => Assert.False(State.Job.IsRunning), TimeSpan.FromSeconds(120));
        Assert.True(State.Job.State == JobState.Succeeded, State.Job.Error);

        var workspace = Services.GetRequiredService<SessionWorkspace>();
        var entry = Assert.Single(workspace.Entries, e => e.Name == "Moby Dick (word2vec)");
        Assert.Equal("Words", entry.Kind);
        Assert.Equal("Moby Dick (word2vec)", State.SetName);
        Assert.Contains("Moby Dick", entry.Description);
        Assert.Contains("1 epochs", entry.Description);
        var set = entry.Set;
        Assert.Equal(20, set.Dimensions);
        // The novel's own words, lower-cased as running text, and only words seen at least min_count times.
        foreach (var word in new[] { "whale", "ahab", "queequeg", "starbuck", "sea" }) Assert.True(set.Contains(word), word);
        Assert.False(set.Contains("Whale"));
        var counts = set.Column("count")!.Values.Select(long.Parse).ToArray();
        Assert.True(counts.Min() >= 10, $"min count {counts.Min()}");
        // The chapters as our running-text tokenizer splits them: "whale" occurs as often in the vocabulary's count.
        long whales = MobyDick.Read().Sum(c => Core.Text.RunningText.Tokens(c.Text).Count(t => t == "whale"));
        Assert.Equal(whales, long.Parse(set.Column("count")!.Values[set.IndexOf("whale")]));
        // The buttons are enabled again once the job is over (the page re-renders the panel when the job ends).
        cut.Render();
        Assert.False(cut.Find("[data-testid=train-moby-dick]").HasAttribute("disabled"));
    }

    [Fact]
    public void A_bad_parameter_is_named_and_nothing_starts()
    {
        State.Form.VectorSize = 0;
        var cut = Render<TrainWordsPanel>(p => p.Add(c => c.State, State));
        cut.Find("[data-testid=train-moby-dick]").Click();
        Assert.Null(State.Job);
        Assert.Contains("vector_size", cut.Find("[data-testid=train-error]").TextContent);
    }
}
