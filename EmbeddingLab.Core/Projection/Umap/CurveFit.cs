namespace EmbeddingLab.Core.Projection;

/// <summary>
/// umap-learn's find_ab_params: least-squares fit of 1 / (1 + a·x^(2b)) to the offset exponential that is 1 below
/// min_dist and exp(−(x − min_dist) / spread) above, on 300 points of [0, 3·spread], from a = b = 1 (scipy's
/// curve_fit default start). Solved by Levenberg–Marquardt with the analytic Jacobian, run to convergence.
/// </summary>
public static class CurveFit
{
    public static (double A, double B) FindAbParams(double spread, double minDist)
    {
        const int m = 300;
        var x = new double[m];
        var y = new double[m];
        for (int i = 0; i < m; i++)
        {
            x[i] = spread * 3 * i / (m - 1); // numpy.linspace(0, 3·spread, 300)
            y[i] = x[i] < minDist ? 1.0 : Math.Exp(-(x[i] - minDist) / spread);
        }
        double a = 1, b = 1, lambda = 1e-3;
        double cost = Cost(x, y, a, b);
        for (int iter = 0; iter < 500; iter++)
        {
            // Normal equations JᵀJ δ = −Jᵀr, damped on the diagonal (Marquardt's scaling).
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (int i = 0; i < m; i++)
            {
                if (x[i] <= 0) continue; // x = 0: the model is 1 whatever a and b, so no derivative
                double p = Math.Pow(x[i], 2 * b);
                double den = 1 + a * p;
                double r = 1 / den - y[i];
                double da = -p / (den * den);
                double db = -a * p * 2 * Math.Log(x[i]) / (den * den);
                jaa += da * da; jab += da * db; jbb += db * db;
                ga += da * r; gb += db * r;
            }
            bool improved = false;
            for (int attempt = 0; attempt < 50 && !improved; attempt++)
            {
                double maa = jaa * (1 + lambda), mbb = jbb * (1 + lambda);
                double det = maa * mbb - jab * jab;
                double stepA = (-ga * mbb + gb * jab) / det;
                double stepB = (-gb * maa + ga * jab) / det;
                double na = a + stepA, nb = b + stepB;
                double newCost = Cost(x, y, na, nb);
                if (double.IsFinite(newCost) && newCost <= cost)
                {
                    bool converged = Math.Abs(stepA) <= 1e-13 * (Math.Abs(a) + 1e-13) && Math.Abs(stepB) <= 1e-13 * (Math.Abs(b) + 1e-13)
                                     || cost - newCost <= 1e-16 * cost;
                    a = na; b = nb; cost = newCost;
                    lambda = Math.Max(lambda / 10, 1e-12);
                    improved = true;
                    if (converged) return (a, b);
                }
                else lambda *= 10;
            }
            if (!improved) break;
        }
        return (a, b);
    }

    private static double Cost(double[] x, double[] y, double a, double b)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double model = x[i] <= 0 ? 1.0 : 1 / (1 + a * Math.Pow(x[i], 2 * b));
            double r = model - y[i];
            s += r * r;
        }
        return s;
    }
}
