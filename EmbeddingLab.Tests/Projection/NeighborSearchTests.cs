using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Tests.Projection;

public class TsneNeighborSearchTests
{
    [Theory]
    [InlineData(1000, 32, 31)]   // high dimension: what the blocked search is for
    [InlineData(777, 5, 20)]     // odd sizes: partial panels and query groups
    [InlineData(40, 3, 39)]      // k = n − 1
    public void Blocked_brute_force_finds_the_same_neighbours_as_the_vp_tree(int n, int d, int k)
    {
        var data = SyntheticClusters.Generate(n, d, 5, seed: 3).Matrix.ToArray();
        var bruteIdx = new int[n * k]; var bruteDist = new float[n * k];
        BruteForceKnn.Search(data, n, d, k, bruteIdx, bruteDist, threads: 2, CancellationToken.None);
        var tree = new VpTree(data, n, d, seed: 0);
        var stack = new int[VpTree.StackSize];
        var idx = new int[k]; var dist = new float[k];
        int mismatches = 0;
        for (int i = 0; i < n; i++)
        {
            tree.Search(i, k, idx, dist, stack);
            var expected = idx.ToHashSet();
            Assert.DoesNotContain(i, bruteIdx.AsSpan(i * k, k).ToArray());
            // Same set; a differing member must be a tie at the k-th distance.
            float kth = dist.Max();
            for (int m = 0; m < k; m++)
            {
                int j = bruteIdx[i * k + m];
                float trueSq = System.Numerics.Tensors.TensorPrimitives.Distance(data.AsSpan(i * d, d), data.AsSpan(j * d, d));
                Assert.Equal(trueSq * trueSq, bruteDist[i * k + m], 4);
                if (!expected.Contains(j)) { mismatches++; Assert.Equal(kth, trueSq, 5); }
            }
        }
        Assert.True(mismatches <= n / 100, $"{mismatches} neighbours differ");
    }

    [Fact]
    public void Affinities_do_not_depend_on_the_neighbour_search()
    {
        var data = SyntheticClusters.Generate(500, 16, 4, seed: 5).Matrix.ToArray();
        var a = Affinities.Compute(data, 500, 16, 15, exact: false, threads: 2, seed: 0, neighborSearch: TsneNeighbors.VpTree);
        var b = Affinities.Compute(data, 500, 16, 15, exact: false, threads: 2, seed: 0, neighborSearch: TsneNeighbors.BruteForce);
        Assert.Equal(a.Columns, b.Columns);
        for (int r = 0; r < a.Values.Length; r++) Assert.Equal(a.Values[r], b.Values[r], 12);
    }
}
