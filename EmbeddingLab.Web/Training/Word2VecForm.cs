using EmbeddingLab.Core.Training;

namespace EmbeddingLab.Web.Training;

/// <summary>
/// The word2vec parameters a user edits on the Songs and Words pages (gensim's names). Mutable because the form binds
/// to it and the page's session state keeps it; <see cref="ToOptions"/> turns it into the immutable options record.
/// </summary>
public sealed class Word2VecForm
{
    public bool Sg { get; set; }
    public int VectorSize { get; set; } = 100;
    public int Window { get; set; } = 5;
    public int Negative { get; set; } = 5;
    public int MinCount { get; set; } = 5;
    public int Epochs { get; set; } = 5;
    public int Workers { get; set; } = Math.Max(1, Math.Min(4, Environment.ProcessorCount));

    public static Word2VecForm From(Word2VecOptions o) => new()
    {
        Sg = o.Sg, VectorSize = o.VectorSize, Window = o.Window, Negative = o.Negative, MinCount = o.MinCount, Epochs = o.Epochs, Workers = o.Workers,
    };

    public void Apply(Word2VecOptions o) =>
        (Sg, VectorSize, Window, Negative, MinCount, Epochs, Workers) = (o.Sg, o.VectorSize, o.Window, o.Negative, o.MinCount, o.Epochs, o.Workers);

    /// <summary>The options, validated: a bad value throws an <see cref="ArgumentException"/> that names it.</summary>
    public Word2VecOptions ToOptions()
    {
        var options = new Word2VecOptions
        {
            Sg = Sg, VectorSize = VectorSize, Window = Window, Negative = Negative, MinCount = MinCount, Epochs = Epochs, Workers = Workers, Seed = 1,
        };
        options.Validate();
        return options;
    }
}

/// <summary>
/// The training loss of one word2vec run as it arrives: every progress report (x in epochs done, fractional) and the
/// mean of each finished epoch. Written from the training thread, read by the chart on the circuit's thread.
/// </summary>
public sealed class LossCurve
{
    private readonly Lock _gate = new();
    private readonly List<(double Epoch, double Loss)> _reports = [];
    private readonly List<(int Epoch, double Loss)> _epochMeans = [];
    private double _sum;
    private int _count, _epoch;

    /// <summary>Grows with every change, so a chart redraws only when there is something new.</summary>
    public int Version { get; private set; }

    public void Add(Word2VecProgress p)
    {
        // The first report of a run can come before any token was trained (loss 0): nothing to draw yet.
        if (p.TokensDone == 0 || double.IsNaN(p.Loss)) return;
        lock (_gate)
        {
            if (p.Epoch != _epoch)
            {
                CloseEpoch();
                _epoch = p.Epoch;
            }
            _reports.Add((p.Fraction * p.Epochs, p.Loss));
            _sum += p.Loss;
            _count++;
            Version++;
        }
    }

    /// <summary>Call when training ends so the last epoch gets its mean.</summary>
    public void Complete()
    {
        lock (_gate) { CloseEpoch(); Version++; }
    }

    private void CloseEpoch()
    {
        if (_count > 0) _epochMeans.Add((_epoch, _sum / _count));
        _sum = 0;
        _count = 0;
    }

    public IReadOnlyList<(double Epoch, double Loss)> Reports { get { lock (_gate) return _reports.ToList(); } }
    public IReadOnlyList<(int Epoch, double Loss)> EpochMeans { get { lock (_gate) return _epochMeans.ToList(); } }
    public bool IsEmpty { get { lock (_gate) return _reports.Count == 0; } }
}
