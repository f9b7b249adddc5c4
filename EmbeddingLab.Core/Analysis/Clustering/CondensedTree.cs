namespace EmbeddingLab.Core.Analysis.Clustering;

/// <summary>
/// HDBSCAN's condensed cluster tree (Campello et al. 2013, as the hdbscan library and sklearn store it): one row per
/// edge, <c>(parent, child, λ, child_size)</c>. Points are 0..n−1, clusters n.. (the root is n). λ = 1 / distance at
/// which the child left the parent (a point falling out, or a split into two clusters of at least min_cluster_size).
/// </summary>
public sealed class CondensedTree
{
    public CondensedTree(int pointCount, int[] parent, int[] child, double[] lambda, int[] childSize)
    {
        PointCount = pointCount;
        Parent = parent;
        Child = child;
        Lambda = lambda;
        ChildSize = childSize;
    }

    public int PointCount { get; }
    public int[] Parent { get; }
    public int[] Child { get; }
    public double[] Lambda { get; }
    public int[] ChildSize { get; }
    public int Root => PointCount;

    /// <summary>Number of cluster nodes (root included).</summary>
    public int ClusterCount
    {
        get
        {
            int max = Root;
            foreach (var p in Parent) if (p > max) max = p;
            foreach (var c in Child) if (c > max) max = c;
            return max - Root + 1;
        }
    }

    /// <summary>
    /// Builds the condensed tree from a single-linkage hierarchy (scipy's layout: row i merges left and right into
    /// node n + i at distance with size). Splits into two sides of at least <paramref name="minClusterSize"/> make
    /// two new clusters; a smaller side falls out point by point at that λ; the larger side keeps the parent's label.
    /// </summary>
    public static CondensedTree Build(int n, int[] left, int[] right, double[] distance, int[] size, int minClusterSize)
    {
        var parent = new List<int>(2 * n);
        var child = new List<int>(2 * n);
        var lambdas = new List<double>(2 * n);
        var sizes = new List<int>(2 * n);
        if (n <= 1) return new CondensedTree(n, [], [], [], []);
        int root = 2 * n - 2;
        var relabel = new int[2 * n - 1];
        relabel[root] = n;
        int nextLabel = n + 1;
        int Size(int node) => node < n ? 1 : size[node - n];
        var leaves = new Stack<int>();

        void FallOut(int subtree, int into, double lambda)
        {
            leaves.Clear();
            leaves.Push(subtree);
            while (leaves.Count > 0)
            {
                int node = leaves.Pop();
                if (node < n)
                {
                    parent.Add(into); child.Add(node); lambdas.Add(lambda); sizes.Add(1);
                }
                else
                {
                    leaves.Push(right[node - n]);
                    leaves.Push(left[node - n]);
                }
            }
        }

        // Top-down from the root: a node is visited only while it still carries a cluster label (fallen-out subtrees are emitted whole).
        var queue = new Queue<int>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            int node = queue.Dequeue();
            int row = node - n;
            int l = left[row], r = right[row];
            double dist = distance[row];
            double lambda = dist > 0 ? 1.0 / dist : double.PositiveInfinity;
            int lc = Size(l), rc = Size(r);
            int label = relabel[node];
            if (lc >= minClusterSize && rc >= minClusterSize)
            {
                relabel[l] = nextLabel++;
                parent.Add(label); child.Add(relabel[l]); lambdas.Add(lambda); sizes.Add(lc);
                relabel[r] = nextLabel++;
                parent.Add(label); child.Add(relabel[r]); lambdas.Add(lambda); sizes.Add(rc);
                if (l >= n) queue.Enqueue(l);
                if (r >= n) queue.Enqueue(r);
            }
            else if (lc < minClusterSize && rc < minClusterSize)
            {
                FallOut(l, label, lambda);
                FallOut(r, label, lambda);
            }
            else if (lc < minClusterSize)
            {
                relabel[r] = label;
                FallOut(l, label, lambda);
                if (r >= n) queue.Enqueue(r);
                else { parent.Add(label); child.Add(r); lambdas.Add(lambda); sizes.Add(1); }
            }
            else
            {
                relabel[l] = label;
                FallOut(r, label, lambda);
                if (l >= n) queue.Enqueue(l);
                else { parent.Add(label); child.Add(l); lambdas.Add(lambda); sizes.Add(1); }
            }
        }
        return new CondensedTree(n, parent.ToArray(), child.ToArray(), lambdas.ToArray(), sizes.ToArray());
    }

    /// <summary>
    /// Stability of every cluster (index = cluster − n): Σ over its rows of (λ − λ_birth) × child size, where
    /// λ_birth is the λ at which the cluster split off its parent (0 for the root).
    /// </summary>
    public double[] Stabilities()
    {
        int clusters = ClusterCount;
        var birth = new double[clusters];
        for (int i = 0; i < Child.Length; i++) if (Child[i] >= Root) birth[Child[i] - Root] = Lambda[i];
        birth[0] = 0;
        var stability = new double[clusters];
        for (int i = 0; i < Parent.Length; i++)
        {
            int p = Parent[i] - Root;
            stability[p] += (Lambda[i] - birth[p]) * ChildSize[i];
        }
        return stability;
    }

    /// <summary>
    /// Excess-of-mass selection (sklearn/hdbscan <c>get_clusters</c>): bottom-up, a cluster is kept when its own
    /// stability is at least the summed stability of its selected descendants, which are then dropped; otherwise it
    /// passes that sum up. The root is a candidate only with <paramref name="allowSingleCluster"/>.
    /// Returns selected cluster node ids in ascending order.
    /// </summary>
    public int[] SelectExcessOfMass(bool allowSingleCluster, out double[] stabilities)
    {
        int clusters = ClusterCount;
        stabilities = Stabilities();
        var stability = (double[])stabilities.Clone();
        var clusterParent = new int[clusters];
        var children = new List<int>[clusters];
        for (int c = 0; c < clusters; c++) children[c] = [];
        for (int i = 0; i < Child.Length; i++)
        {
            if (Child[i] < Root) continue;
            clusterParent[Child[i] - Root] = Parent[i] - Root;
            children[Parent[i] - Root].Add(Child[i] - Root);
        }
        var selected = new bool[clusters];
        int lowest = allowSingleCluster ? 0 : 1;
        // Children have larger ids than their parents (labels are handed out top-down), so descending order is bottom-up.
        for (int c = clusters - 1; c >= lowest; c--)
        {
            double subtree = 0;
            foreach (var ch in children[c]) subtree += stability[ch];
            if (children[c].Count > 0 && subtree > stability[c])
            {
                selected[c] = false;
                stability[c] = subtree;
            }
            else
            {
                selected[c] = true;
                var stack = new Stack<int>(children[c]);
                while (stack.Count > 0)
                {
                    int s = stack.Pop();
                    selected[s] = false;
                    foreach (var g in children[s]) stack.Push(g);
                }
            }
        }
        var result = new List<int>();
        for (int c = 0; c < clusters; c++) if (selected[c]) result.Add(c + Root);
        return result.ToArray();
    }

    /// <summary>
    /// Labels from a selection: a point belongs to the nearest selected ancestor of the cluster it fell out of
    /// (numbered by ascending node id), else −1. When the root itself is selected (allow_single_cluster), a point
    /// that fell straight out of the root belongs to it only if it left at the root's largest λ, as in sklearn.
    /// Also sklearn's probabilities: λ_point / (largest λ of the cluster's own rows), capped at 1.
    /// </summary>
    public (int[] Labels, double[] Probabilities) Label(int[] selectedClusters)
    {
        int clusters = ClusterCount;
        var labelOf = new int[clusters];
        Array.Fill(labelOf, -1);
        for (int i = 0; i < selectedClusters.Length; i++) labelOf[selectedClusters[i] - Root] = i;
        var clusterParent = new int[clusters];
        clusterParent[0] = -1;
        for (int i = 0; i < Child.Length; i++) if (Child[i] >= Root) clusterParent[Child[i] - Root] = Parent[i] - Root;
        // Parents precede children in id order, so one ascending pass finds each cluster's nearest selected ancestor.
        var owner = new int[clusters];
        for (int c = 0; c < clusters; c++)
            owner[c] = labelOf[c] >= 0 ? c : c == 0 ? -1 : owner[clusterParent[c]];
        var deaths = new double[clusters];
        for (int i = 0; i < Parent.Length; i++)
        {
            int p = Parent[i] - Root;
            if (Lambda[i] > deaths[p]) deaths[p] = Lambda[i];
        }
        var labels = new int[PointCount];
        var probabilities = new double[PointCount];
        Array.Fill(labels, -1);
        for (int i = 0; i < Child.Length; i++)
        {
            int point = Child[i];
            if (point >= Root) continue;
            int o = owner[Parent[i] - Root];
            if (o < 0) continue;
            if (o == 0 && Parent[i] == Root && Lambda[i] < deaths[0]) continue;
            labels[point] = labelOf[o];
            double max = deaths[o];
            probabilities[point] = max == 0 || double.IsInfinity(Lambda[i]) ? 1.0 : Math.Min(Lambda[i], max) / max;
        }
        return (labels, probabilities);
    }
}
