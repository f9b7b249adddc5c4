namespace EmbeddingLab.Core.Data;

/// <summary>A malformed line in a playlist dataset file: names the file, the 1-based line and what was expected.</summary>
public sealed class PlaylistFormatException(string file, int line, string problem)
    : FormatException($"{Path.GetFileName(file)}, line {line}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Problem { get; } = problem;
}

/// <summary>How strictly and how much of a playlist dataset to read.</summary>
public sealed record PlaylistReadOptions
{
    /// <summary>false: the first malformed line is an error naming file and line. true: bad lines are skipped and counted.</summary>
    public bool Lenient { get; init; }

    /// <summary>Lines skipped at the top of train.txt/test.txt (the yes.com files have two header lines).</summary>
    public int HeaderLines { get; init; } = 2;

    /// <summary>Playlists shorter than this are dropped, as the chapter does (a one-song playlist has no context).</summary>
    public int MinPlaylistLength { get; init; } = 2;

    /// <summary>Stop after this many playlists (null = all).</summary>
    public int? MaxPlaylists { get; init; }

    /// <summary>Largest song id accepted (guards against garbage that would blow up memory).</summary>
    public int MaxSongId { get; init; } = 50_000_000;
}

/// <summary>What a read saw: kept and dropped playlists, and bad lines skipped in lenient mode.</summary>
public sealed class PlaylistReadStats
{
    public int Playlists { get; internal set; }
    public int DroppedShort { get; internal set; }
    public int BadLines { get; internal set; }
    public long Songs { get; internal set; }
    /// <summary>The first bad line's message (lenient mode), to show the user what was skipped.</summary>
    public string? FirstProblem { get; internal set; }

    internal void Bad(PlaylistFormatException e)
    {
        BadLines++;
        FirstProblem ??= e.Message;
    }
}
