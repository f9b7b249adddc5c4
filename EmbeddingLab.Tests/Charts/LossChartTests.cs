using Bunit;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Charts;
using EmbeddingLab.Web.Jobs;
using EmbeddingLab.Web.Training;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace EmbeddingLab.Tests.Charts;

/// <summary>The word2vec loss chart is drawn live: each progress report of the running job adds to the curve it shows.</summary>
public sealed class LossChartTests : MudTestContext
{
    private static Word2VecProgress Progress(int epoch, long tokens, double loss) =>
        new(epoch, 2, tokens, 400, 1000, TimeSpan.Zero, loss, 0.025);

    // BackgroundJob.Report notifies at most every 100 ms: wait that long between reports, as training does.
    private static async Task ReportAsync(BackgroundJob job, LossCurve curve, Word2VecProgress p)
    {
        await Task.Delay(150);
        curve.Add(p);
        job.Report(new JobProgress(p.Fraction, $"Epoch {p.Epoch}/{p.Epochs}"));
    }

    private static Scatter Trace(IRenderedComponent<LossChart> cut, int i) =>
        Assert.IsType<Scatter>(cut.FindComponent<PlotlyChart>().Instance.Data[i]);

    [Fact]
    public async Task The_chart_grows_with_each_report_of_the_running_job_and_marks_each_finished_epoch()
    {
        var curve = new LossCurve();
        var job = new BackgroundJob("Training word2vec");
        var cut = Render<LossChart>(p => p.Add(c => c.Curve, curve).Add(c => c.Job, job));
        Assert.Empty(cut.FindAll("[data-testid=loss-chart]")); // nothing trained yet: no empty chart

        await ReportAsync(job, curve, Progress(1, 100, 4.0));
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=loss-chart]").GetAttribute("data-points")));
        Assert.Equal([4.0], Trace(cut, 0).Y.Select(Convert.ToDouble));

        await ReportAsync(job, curve, Progress(1, 200, 3.0));
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=loss-chart]").GetAttribute("data-points")));
        Assert.Equal([0.5, 1.0], Trace(cut, 0).X.Select(Convert.ToDouble));
        Assert.Empty(Trace(cut, 1).Y); // epoch 1 is not over yet

        // The first report of epoch 2 closes epoch 1: its mean (3.5) appears at the middle of the epoch.
        await ReportAsync(job, curve, Progress(2, 300, 2.0));
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=loss-chart]").GetAttribute("data-points")));
        Assert.Equal([4.0, 3.0, 2.0], Trace(cut, 0).Y.Select(Convert.ToDouble));
        Assert.Equal([3.5], Trace(cut, 1).Y.Select(Convert.ToDouble));
        Assert.Equal([0.5], Trace(cut, 1).X.Select(Convert.ToDouble));
        Assert.Contains("epoch 1 mean 3.500", cut.Find("[data-testid=loss-chart] figcaption").TextContent);
    }
}
