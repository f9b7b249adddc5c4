using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Training;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Web.Workspace;

/// <summary>
/// "Words (demo)": word2vec trained at start-up on the built-in teaching corpus, where king − man + woman ≈ queen and
/// paris − france + italy ≈ rome. One worker and a fixed seed: every start gives the same vectors.
/// </summary>
public sealed class TeachingCorpusWords : IDemoSetSource
{
    /// <summary>Skip-gram, 50 dimensions, 20 epochs: every analogy family of the corpus learned in a few seconds.</summary>
    public static Word2VecOptions Options => TeachingCorpus.Word2VecSettings;

    public string Name => "Words (demo)";
    public string Kind => "Words";
    public string Description => "word2vec (skip-gram, 50 dimensions) trained on the built-in teaching corpus: templated sentences about royalty, countries, animals, sizes and actions.";
    public int Order => 1;

    public Task<EmbeddingSet> BuildAsync(CancellationToken cancellationToken) =>
        Task.Run(() => Word2Vec.Train(TeachingCorpus.Sentences(), Options, cancellationToken: cancellationToken).Vectors, cancellationToken);

    public Task<EmbeddingSet> BuildAsync(IProgress<DemoBuildProgress> progress, CancellationToken cancellationToken) =>
        Task.Run(() => Word2Vec.Train(TeachingCorpus.Sentences(), Options, DemoProgress.Training(progress), cancellationToken).Vectors, cancellationToken);
}
