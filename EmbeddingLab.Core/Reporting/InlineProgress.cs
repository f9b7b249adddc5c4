namespace EmbeddingLab.Core.Reporting;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler on the reporting thread. <see cref="Progress{T}"/> posts to the
/// captured context or the thread pool, so its reports can arrive after the work they describe has finished — a
/// loss curve missing its last points, a status line overwriting "done".
/// </summary>
public sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
