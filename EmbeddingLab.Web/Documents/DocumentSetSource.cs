using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Encoding;
using EmbeddingLab.Core.Encoding.BagOfWords;
using EmbeddingLab.Core.Encoding.Lsa;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Documents;

/// <summary>
/// A built-in set of real documents (State of the Union paragraphs, Spam Assassin e-mails): read from an npm data
/// package, encoded with the built-in sets' default encoder — TF-IDF (scikit-learn's defaults) reduced by LSA to
/// <see cref="Components"/> dimensions, dense and short enough to search, project and classify — and cached on disk
/// by <see cref="DemoLibrary"/>. Searching needs the fitted encoder too (a query is encoded like the documents): the
/// one fitted while building is kept; when the set came from the cache it is fitted again, once per server, on the
/// set's own texts (deterministic, so it is the encoder that made the cached vectors).
/// </summary>
public abstract class DocumentSetSource : IDemoSetSource
{
    public const int Components = 100;

    private readonly object _gate = new();
    private Task<ISentenceEncoder>? _encoder;

    public abstract string Name { get; }
    public string Kind => "Sentences";
    public abstract string Description { get; }
    public abstract int Order { get; }
    public virtual string Variant => "";

    /// <summary>What one item is called on the page ("paragraphs", "e-mails").</summary>
    public abstract string ItemName { get; }

    /// <summary>A short id for data-testid hooks ("sotu", "spam").</summary>
    public abstract string Id { get; }

    /// <summary>What the page says under the set's button (e.g. how many e-mails could not be parsed, and why); empty for none.</summary>
    public virtual string Note => "";

    /// <summary>Reads the documents (from the npm package).</summary>
    public abstract DocumentCollection ReadDocuments(CancellationToken cancellationToken);

    public static TfidfEncoder FitEncoder(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        TfidfEncoder.Fit(texts, null, new TruncatedSvdOptions { NComponents = Components }, null, cancellationToken);

    public Task<EmbeddingSet> BuildAsync(CancellationToken cancellationToken) => Task.Run(() =>
    {
        var documents = ReadDocuments(cancellationToken);
        var encoder = FitEncoder(documents.Texts, cancellationToken);
        lock (_gate) _encoder ??= Task.FromResult<ISentenceEncoder>(encoder);
        return documents.Encode(encoder, null, cancellationToken);
    }, cancellationToken);

    /// <summary>The encoder of <paramref name="set"/> (this source's built set): fitted once per server and shared by every session.</summary>
    public Task<ISentenceEncoder> EncoderAsync(EmbeddingSet set, CancellationToken cancellationToken)
    {
        Task<ISentenceEncoder> shared;
        lock (_gate)
        {
            // A failed fit is not kept: the next visitor tries again.
            if (_encoder is null || _encoder.IsFaulted || _encoder.IsCanceled)
            {
                var texts = set.Column("text")?.Values ?? set.Keys;
                _encoder = Task.Run<ISentenceEncoder>(() => FitEncoder(texts, CancellationToken.None), CancellationToken.None);
            }
            shared = _encoder;
        }
        // One session's Cancel stops its wait, not the fit other sessions share.
        return shared.WaitAsync(cancellationToken);
    }
}
