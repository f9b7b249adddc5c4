using System.Numerics.Tensors;

namespace EmbeddingLab.Core.Analysis.Classification;

/// <summary>
/// Limited-memory BFGS on a smooth function (no bounds), with scipy's L-BFGS-B stopping rules as sklearn calls it:
/// max |gᵢ| ≤ <c>gtol</c>, or a relative reduction (f_k − f_k+1) / max(|f_k|, |f_k+1|, 1) ≤ <c>ftol</c>, or
/// <c>maxiter</c> iterations; 10 correction pairs, first step 1/‖d‖, then 1, with a strong Wolfe line search of at
/// most 20 evaluations.
/// </summary>
internal static class Lbfgs
{
    /// <summary>f(x); writes ∇f(x) into the second argument.</summary>
    public delegate double Function(double[] x, double[] gradient);

    public sealed record Result(double[] X, double Value, int Iterations, bool Converged, int Evaluations);

    private const double C1 = 1e-4, C2 = 0.9;

    public static Result Minimize(Function function, double[] start, double gtol, int maxIter, CancellationToken cancellationToken,
        Action<int, double>? onIteration = null, double ftol = 2.220446049250313e-09, int memory = 10, int maxLineSearch = 20)
    {
        int n = start.Length;
        var x = (double[])start.Clone();
        var g = new double[n];
        double fx = function(x, g);
        int evaluations = 1;
        if (Math.Abs(TensorPrimitives.MaxMagnitude<double>(g)) <= gtol) return new Result(x, fx, 0, true, evaluations);

        var s = new double[memory][];
        var y = new double[memory][];
        var rho = new double[memory];
        var alpha = new double[memory];
        int stored = 0, newest = -1;
        var d = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];

        for (int iteration = 1; iteration <= maxIter; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Two-loop recursion: d = −H g.
            g.CopyTo(d, 0);
            for (int c = 0; c < stored; c++)
            {
                int i = (newest - c + memory) % memory;
                alpha[i] = rho[i] * TensorPrimitives.Dot<double>(s[i], d);
                TensorPrimitives.MultiplyAdd<double>(y[i], -alpha[i], d, d);
            }
            if (stored > 0)
            {
                double gamma = TensorPrimitives.Dot<double>(s[newest], y[newest]) / TensorPrimitives.Dot<double>(y[newest], y[newest]);
                TensorPrimitives.Multiply<double>(d, gamma, d);
            }
            for (int c = stored - 1; c >= 0; c--)
            {
                int i = (newest - c + memory) % memory;
                double beta = rho[i] * TensorPrimitives.Dot<double>(y[i], d);
                TensorPrimitives.MultiplyAdd<double>(s[i], alpha[i] - beta, d, d);
            }
            TensorPrimitives.Negate<double>(d, d);
            double slope = TensorPrimitives.Dot<double>(d, g);
            if (!(slope < 0))
            {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                stored = 0;
                TensorPrimitives.Negate<double>(g, d);
                slope = -TensorPrimitives.Dot<double>(g, g);
            }
            double step0 = stored == 0 ? 1 / TensorPrimitives.Norm<double>(d) : 1;

            var (ok, fNew, used) = LineSearch(function, x, fx, d, slope, step0, xNew, gNew, maxLineSearch);
            evaluations += used;
            if (!ok) return new Result(x, fx, iteration - 1, false, evaluations);

            int slot = (newest + 1) % memory;
            s[slot] ??= new double[n];
            y[slot] ??= new double[n];
            TensorPrimitives.Subtract<double>(xNew, x, s[slot]);
            TensorPrimitives.Subtract<double>(gNew, g, y[slot]);
            double sy = TensorPrimitives.Dot<double>(s[slot], y[slot]);
            double yy = TensorPrimitives.Dot<double>(y[slot], y[slot]);
            if (sy > double.Epsilon * yy && sy > 0)
            {
                rho[slot] = 1 / sy;
                newest = slot;
                stored = Math.Min(stored + 1, memory);
            }
            double fOld = fx;
            (x, xNew) = (xNew, x);
            (g, gNew) = (gNew, g);
            fx = fNew;
            onIteration?.Invoke(iteration, fx);
            if ((fOld - fx) / Math.Max(Math.Max(Math.Abs(fOld), Math.Abs(fx)), 1) <= ftol
                || Math.Abs(TensorPrimitives.MaxMagnitude<double>(g)) <= gtol)
                return new Result(x, fx, iteration, true, evaluations);
        }
        return new Result(x, fx, maxIter, false, evaluations);
    }

    /// <summary>
    /// Strong Wolfe line search (Nocedal and Wright, algorithms 3.5 and 3.6, cubic interpolation safeguarded to the
    /// inner 80 % of the bracket). On success <paramref name="xNew"/>/<paramref name="gNew"/> hold the accepted point.
    /// </summary>
    private static (bool Ok, double F, int Evaluations) LineSearch(Function function, double[] x, double f0, double[] d, double slope0,
        double step, double[] xNew, double[] gNew, int maxEvaluations)
    {
        int evaluations = 0;
        double lastStep = double.NaN;
        (double F, double Slope) At(double a)
        {
            TensorPrimitives.MultiplyAdd<double>(d, a, x, xNew);
            double f = function(xNew, gNew);
            evaluations++;
            lastStep = a;
            return (f, TensorPrimitives.Dot<double>(gNew, d));
        }
        (bool, double, int) Accept(double a, double f)
        {
            if (a != lastStep) f = At(a).F;
            return (true, f, evaluations);
        }

        double prevStep = 0, prevF = f0, prevSlope = slope0;
        double lo, hi, fLo, fHi, sLo, sHi;
        bool first = true;
        while (true)
        {
            var (f, sl) = At(step);
            if (!double.IsFinite(f))
            {
                // Overflowed far out: shrink toward the last good step.
                if (evaluations >= maxEvaluations) return (false, f0, evaluations);
                step = prevStep + (step - prevStep) / 10;
                continue;
            }
            if (f > f0 + C1 * step * slope0 || (!first && f >= prevF))
            {
                (lo, fLo, sLo, hi, fHi, sHi) = (prevStep, prevF, prevSlope, step, f, sl);
                break;
            }
            if (Math.Abs(sl) <= -C2 * slope0) return (true, f, evaluations);
            if (sl >= 0)
            {
                (lo, fLo, sLo, hi, fHi, sHi) = (step, f, sl, prevStep, prevF, prevSlope);
                break;
            }
            if (evaluations >= maxEvaluations) return Accept(step, f);
            (prevStep, prevF, prevSlope) = (step, f, sl);
            first = false;
            step *= 2;
        }

        while (evaluations < maxEvaluations)
        {
            double a = Cubic(lo, fLo, sLo, hi, fHi, sHi);
            double left = Math.Min(lo, hi), width = Math.Abs(hi - lo);
            if (!double.IsFinite(a) || a < left + 0.1 * width || a > left + 0.9 * width) a = lo + (hi - lo) / 2;
            if (width <= 1e-16 * Math.Max(1, Math.Abs(lo))) break;
            var (f, sl) = At(a);
            if (!double.IsFinite(f) || f > f0 + C1 * a * slope0 || f >= fLo)
            {
                (hi, fHi, sHi) = (a, f, sl);
            }
            else
            {
                if (Math.Abs(sl) <= -C2 * slope0) return (true, f, evaluations);
                if (sl * (hi - lo) >= 0) (hi, fHi, sHi) = (lo, fLo, sLo);
                (lo, fLo, sLo) = (a, f, sl);
            }
        }
        // Out of evaluations: take the best point found if it decreased f enough.
        if (lo > 0 && fLo < f0) return Accept(lo, fLo);
        return (false, f0, evaluations);
    }

    private static double Cubic(double a, double fa, double da, double b, double fb, double db)
    {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double d2sq = d1 * d1 - da * db;
        if (d2sq < 0) return double.NaN;
        double d2 = Math.Sign(b - a) * Math.Sqrt(d2sq);
        return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
    }
}
