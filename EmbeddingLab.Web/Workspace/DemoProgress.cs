using EmbeddingLab.Core.Reporting;
using EmbeddingLab.Core.Training;

namespace EmbeddingLab.Web.Workspace;

/// <summary>Turns a demo's training progress into what the home page shows while it builds.</summary>
public static class DemoProgress
{
    /// <summary>word2vec's reports as "epoch 3 of 10" with the fraction of the training done.</summary>
    public static IProgress<Word2VecProgress> Training(IProgress<DemoBuildProgress> progress) =>
        new InlineProgress<Word2VecProgress>(p => progress.Report(new DemoBuildProgress(p.Fraction, $"training word2vec: epoch {p.Epoch} of {p.Epochs}")));
}
