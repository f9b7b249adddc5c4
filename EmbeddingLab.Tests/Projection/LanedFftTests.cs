using System.Runtime.Intrinsics;
using EmbeddingLab.Core.Projection;

namespace EmbeddingLab.Tests.Projection;

public class LanedFftTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(12)]
    [InlineData(60)]     // 4 · 3 · 5
    [InlineData(300)]    // the smallest t-SNE grid: 50 intervals · 3 nodes · 2
    [InlineData(250)]    // 2 · 5³: an odd number of stages
    [InlineData(1024)]
    public void Every_lane_equals_the_direct_dft(int length)
    {
        var fft = new LanedFft(length);
        var random = new Random(length);
        var re = new double[4, length];
        var im = new double[4, length];
        var vRe = new Vector256<double>[length];
        var vIm = new Vector256<double>[length];
        for (int t = 0; t < length; t++)
        {
            for (int l = 0; l < 4; l++) { re[l, t] = random.NextDouble() - 0.5; im[l, t] = random.NextDouble() - 0.5; }
            vRe[t] = Vector256.Create(re[0, t], re[1, t], re[2, t], re[3, t]);
            vIm[t] = Vector256.Create(im[0, t], im[1, t], im[2, t], im[3, t]);
        }
        fft.Forward(vRe, vIm, new Vector256<double>[length], new Vector256<double>[length]);
        double worst = 0;
        for (int l = 0; l < 4; l++)
            for (int k = 0; k < length; k++)
            {
                double sr = 0, si = 0;
                for (int t = 0; t < length; t++)
                {
                    double angle = -2 * Math.PI * ((long)k * t % length) / length;
                    double c = Math.Cos(angle), s = Math.Sin(angle);
                    sr += re[l, t] * c - im[l, t] * s;
                    si += re[l, t] * s + im[l, t] * c;
                }
                worst = Math.Max(worst, Math.Abs(vRe[k].GetElement(l) - sr) + Math.Abs(vIm[k].GetElement(l) - si));
            }
        Assert.True(worst < 1e-9 * length, $"largest deviation {worst:E2}");
    }

    [Theory]
    [InlineData(7)]
    [InlineData(22)]    // 2 · 11
    public void Lengths_with_other_prime_factors_are_refused(int length) =>
        Assert.Throws<ArgumentException>(() => new LanedFft(length));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(49, 50)]
    [InlineData(51, 54)]
    [InlineData(101, 108)]
    [InlineData(241, 250)]
    public void Grid_sizes_round_up_to_the_next_even_smooth_number(int n, int expected) =>
        Assert.Equal(expected, LanedFft.NextSmoothEven(n));
}
