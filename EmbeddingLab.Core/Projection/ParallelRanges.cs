namespace EmbeddingLab.Core.Projection;

/// <summary>
/// Runs a body over fixed-size index ranges on an explicit number of threads. The ranges do not depend on the
/// thread count, so per-range results combined in range order are identical for 1 or many threads.
/// </summary>
internal static class ParallelRanges
{
    public static int ChunkCount(int count, int chunkSize) => (count + chunkSize - 1) / chunkSize;

    public static void For(int count, int chunkSize, int threads, Action<int, int, int> body, CancellationToken cancellationToken = default)
    {
        int chunks = ChunkCount(count, chunkSize);
        if (threads <= 1 || chunks <= 1)
        {
            for (int c = 0; c < chunks; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                body(c, c * chunkSize, Math.Min(count, (c + 1) * chunkSize));
            }
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken },
            c => body(c, c * chunkSize, Math.Min(count, (c + 1) * chunkSize)));
    }

    public static int ResolveThreads(int threads) => threads > 0 ? threads : Environment.ProcessorCount;
}
