using Spectre.Console;

namespace EmbeddingLab.Cli.Progress;

/// <summary>Where long work stands: the fraction done (0–1) and the figures to show beside the bar.</summary>
public readonly record struct ProgressFigures(double Fraction, string Text);

/// <summary>
/// How a long command shows progress on stderr: a live Spectre.Console bar when stderr is a terminal; nothing when it
/// is a file or pipe (scripts and logs read stderr for errors only) or with --json.
/// </summary>
public abstract class CliProgress
{
    public static CliProgress For(CliConsole console, bool json) =>
        !json && console.ErrorIsTerminal ? new LiveProgress(TerminalConsole(console.Error)) : Silent;

    /// <summary>Reports nothing (stderr not a terminal, or --json).</summary>
    public static CliProgress Silent { get; } = new SilentProgress();

    /// <summary>Runs <paramref name="work"/> with a progress sink; the sink may be called from several threads.</summary>
    public abstract T Run<T>(string title, Func<IProgress<ProgressFigures>, T> work);

    /// <summary>A Spectre console over <paramref name="writer"/> that draws live (the caller knows it is a terminal).</summary>
    internal static IAnsiConsole TerminalConsole(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = AnsiSupport.Yes,
        Interactive = InteractionSupport.Yes,
        ColorSystem = ColorSystemSupport.Detect,
    });

    private sealed class SilentProgress : CliProgress, IProgress<ProgressFigures>
    {
        public override T Run<T>(string title, Func<IProgress<ProgressFigures>, T> work) => work(this);
        public void Report(ProgressFigures value) { }
    }

    /// <summary>Spectre.Console's live progress: bar, percentage, elapsed and remaining time, figures as the description.</summary>
    internal sealed class LiveProgress(IAnsiConsole console) : CliProgress
    {
        public override T Run<T>(string title, Func<IProgress<ProgressFigures>, T> work) =>
            console.Progress()
                .AutoClear(false)
                .Columns(new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
                .Start(context =>
                {
                    var task = context.AddTask(Markup.Escape(title), autoStart: true, maxValue: 1);
                    var result = work(new TaskSink(task, title));
                    task.Value = task.MaxValue;
                    task.StopTask();
                    return result;
                });

        private sealed class TaskSink(ProgressTask task, string title) : IProgress<ProgressFigures>
        {
            // ProgressTask locks internally; figures come from data (file names, keys), so they are escaped.
            public void Report(ProgressFigures value)
            {
                task.Value = Math.Clamp(value.Fraction, 0, 1);
                task.Description = Markup.Escape($"{title}: {value.Text}");
            }
        }
    }
}

/// <summary>Adapts a core progress type to <see cref="ProgressFigures"/> without System.Progress's thread hops.</summary>
public static class ProgressMapping
{
    public static IProgress<T> Map<T>(this IProgress<ProgressFigures> target, Func<T, ProgressFigures> map) => new Mapped<T>(target, map);

    private sealed class Mapped<T>(IProgress<ProgressFigures> target, Func<T, ProgressFigures> map) : IProgress<T>
    {
        public void Report(T value) => target.Report(map(value));
    }
}
