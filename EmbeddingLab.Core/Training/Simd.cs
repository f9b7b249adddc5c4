using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EmbeddingLab.Core.Training;

/// <summary>
/// Short-vector kernels on raw pointers for the training loop (rows of 32–300 floats): a call to TensorPrimitives
/// costs more than the work at these sizes, so the loops are written out with Vector256 and a scalar tail.
/// </summary>
internal static unsafe class Simd
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(float* a, float* b, int n)
    {
        int i = 0;
        float sum = 0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (; i <= n - 16; i += 16)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i), Vector256.Load(b + i), acc0);
                acc1 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i + 8), Vector256.Load(b + i + 8), acc1);
            }
            if (i <= n - 8)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i), Vector256.Load(b + i), acc0);
                i += 8;
            }
            sum = Vector256.Sum(acc0 + acc1);
        }
        for (; i < n; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>y += alpha * x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float alpha, float* x, float* y, int n)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(alpha);
            for (; i <= n - 8; i += 8)
                Vector256.Store(Vector256.FusedMultiplyAdd(va, Vector256.Load(x + i), Vector256.Load(y + i)), y + i);
        }
        for (; i < n; i++) y[i] += alpha * x[i];
    }

    /// <summary>y += x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(float* x, float* y, int n)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
                Vector256.Store(Vector256.Load(x + i) + Vector256.Load(y + i), y + i);
        }
        for (; i < n; i++) y[i] += x[i];
    }

    /// <summary>x *= alpha.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scale(float alpha, float* x, int n)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(alpha);
            for (; i <= n - 8; i += 8) Vector256.Store(Vector256.Load(x + i) * va, x + i);
        }
        for (; i < n; i++) x[i] *= alpha;
    }

    public static void Clear(float* x, int n) => new Span<float>(x, n).Clear();

    public static void Copy(float* src, float* dst, int n) => Buffer.MemoryCopy(src, dst, (long)n * sizeof(float), (long)n * sizeof(float));
}
