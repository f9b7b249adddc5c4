using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestCollectionOrderer("EmbeddingLab.Tests.Infrastructure.BrowserFirstOrderer", "EmbeddingLab.Tests")]

namespace EmbeddingLab.Tests.Infrastructure;

/// <summary>
/// Starts the browser collection first, then the others in xunit's default order. The browser tests run one after the
/// other behind one app start: they are the suite's critical path, so they must not wait for the unit tests (which
/// fill the other parallel slot meanwhile).
/// </summary>
public sealed class BrowserFirstOrderer : ITestCollectionOrderer
{
    private readonly DefaultTestCollectionOrderer _default = new();

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var ordered = _default.OrderTestCollections(testCollections).ToList();
        return ordered.Where(IsBrowser).Concat(ordered.Where(c => !IsBrowser(c)));
    }

    private static bool IsBrowser(ITestCollection collection) => collection.DisplayName == BrowserCollection.Name;
}
