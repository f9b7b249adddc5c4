using System.Globalization;
using System.Runtime.CompilerServices;

namespace EmbeddingLab.Core.Formats;

/// <summary>
/// Parses decimal numbers from UTF-8 bytes the way gensim/numpy read vector files: to the nearest double, then
/// cast to float32 (numpy's <c>float32("…")</c> goes through a Python float). Fast path (Clinger): at most 19
/// significant digits with a mantissa below 2^53 and a power of ten within ±22 is exact in one IEEE operation;
/// everything else falls back to the framework's correctly rounded parser, so results never differ from it.
/// </summary>
internal static class FastFloatParser
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    private const ulong MaxExactMantissa = 1UL << 53;

    /// <summary>Parses the whole of <paramref name="s"/> as a number; false when it is not one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> s, out float value)
    {
        if (TryParseDouble(s, out double d))
        {
            value = (float)d;
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>
    /// Parses the whitespace-delimited token that starts at <paramref name="start"/>; <paramref name="end"/> is the index
    /// after it. One pass over the bytes on the common path (the hot loop of text vector files).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseToken(ReadOnlySpan<byte> line, int start, out int end, out float value)
    {
        int i = start, n = line.Length;
        bool negative = false;
        if (i < n && line[i] == (byte)'-') { negative = true; i++; }
        ulong mantissa = 0;
        int significant = 0, exponent = 0, digitsSeen = 0;
        while (i < n)
        {
            uint d = (uint)(line[i] - (byte)'0');
            if (d > 9) break;
            if (mantissa != 0 || d != 0) { mantissa = mantissa * 10 + d; significant++; }
            digitsSeen++;
            i++;
        }
        if (i < n && line[i] == (byte)'.')
        {
            i++;
            while (i < n)
            {
                uint d = (uint)(line[i] - (byte)'0');
                if (d > 9) break;
                if (mantissa != 0 || d != 0) { mantissa = mantissa * 10 + d; significant++; }
                exponent--;
                digitsSeen++;
                i++;
            }
        }
        if (digitsSeen > 0 && significant <= 15 && exponent >= -22 && (i == n || line[i] == (byte)' ' || line[i] == (byte)'\t'))
        {
            // At most 15 significant digits: the mantissa is exact (< 2^53) and one division rounds once.
            double m = mantissa;
            double v = exponent < 0 ? m / PowersOfTen[-exponent] : m;
            value = (float)(negative ? -v : v);
            end = i;
            return true;
        }
        // Exponents, long mantissas, "nan"/"inf", or garbage: find the token's end and parse it fully.
        i = start;
        while (i < n && line[i] != (byte)' ' && line[i] != (byte)'\t') i++;
        end = i;
        return TryParse(line[start..i], out value);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseDouble(ReadOnlySpan<byte> s, out double value)
    {
        int i = 0, n = s.Length;
        bool negative = false;
        if (i < n && (s[i] == (byte)'-' || s[i] == (byte)'+')) { negative = s[i] == (byte)'-'; i++; }
        ulong mantissa = 0;
        int significant = 0, exponent = 0, digitsSeen = 0;
        bool truncated = false;
        while (i < n)
        {
            uint d = (uint)(s[i] - (byte)'0');
            if (d > 9) break;
            if (mantissa != 0 || d != 0)
            {
                if (significant < 19) { mantissa = mantissa * 10 + d; significant++; }
                else { exponent++; truncated = true; }
            }
            digitsSeen++;
            i++;
        }
        if (i < n && s[i] == (byte)'.')
        {
            i++;
            while (i < n)
            {
                uint d = (uint)(s[i] - (byte)'0');
                if (d > 9) break;
                if (mantissa != 0 || d != 0)
                {
                    if (significant < 19) { mantissa = mantissa * 10 + d; significant++; exponent--; }
                    else truncated = true;
                }
                else exponent--; // leading zeros after the point only shift the scale
                digitsSeen++;
                i++;
            }
        }
        if (digitsSeen == 0) return Fallback(s, out value); // "nan", "inf", or not a number
        if (i < n && (s[i] | 0x20) == (byte)'e')
        {
            i++;
            bool expNegative = false;
            if (i < n && (s[i] == (byte)'-' || s[i] == (byte)'+')) { expNegative = s[i] == (byte)'-'; i++; }
            int expValue = 0, expDigits = 0;
            while (i < n)
            {
                uint d = (uint)(s[i] - (byte)'0');
                if (d > 9) break;
                if (expValue < 100_000) expValue = expValue * 10 + (int)d;
                expDigits++;
                i++;
            }
            if (expDigits == 0) { value = 0; return false; }
            exponent += expNegative ? -expValue : expValue;
        }
        if (i != n) { value = 0; return false; }
        if (mantissa == 0) { value = negative ? -0.0 : 0.0; return true; }
        if (!truncated && mantissa <= MaxExactMantissa && exponent >= -22 && exponent <= 22)
        {
            double m = mantissa;
            value = exponent < 0 ? m / PowersOfTen[-exponent] : m * PowersOfTen[exponent];
            if (negative) value = -value;
            return true;
        }
        return Fallback(s, out value);
    }

    private static bool Fallback(ReadOnlySpan<byte> s, out double value)
    {
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        // Python's float() also accepts "inf"/"infinity"/"nan" in any case.
        Span<char> lower = stackalloc char[16];
        if (s.Length > lower.Length) return false;
        int start = 0;
        bool negative = false;
        if (s.Length > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+')) { negative = s[0] == (byte)'-'; start = 1; }
        int len = 0;
        for (int i = start; i < s.Length; i++) lower[len++] = char.ToLowerInvariant((char)s[i]);
        var word = lower[..len];
        if (word is "inf" or "infinity") { value = negative ? double.NegativeInfinity : double.PositiveInfinity; return true; }
        if (word is "nan") { value = double.NaN; return true; }
        return false;
    }
}
