namespace Tradebook.Demo.Market;

/// <summary>
/// xoshiro256** seeded through SplitMix64: the same seed gives the same numbers on every machine and
/// runtime. <see cref="Normal"/> sums twelve uniforms (Irwin–Hall) so that no libm function (log, cos)
/// is involved: only IEEE additions and multiplications, which every platform rounds alike.
/// </summary>
public sealed class Rng
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Rng(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>A generator for one named stream of a seed, so that adding a stream leaves the others unchanged.</summary>
    public static Rng For(int seed, string stream)
    {
        // FNV-1a over the stream's name: stable, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var c in stream)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return new Rng(unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ hash));
    }

    public ulong NextUInt64()
    {
        var result = unchecked(RotateLeft(_s1 * 5, 7) * 9);
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Approximately standard normal (mean 0, variance 1, bounded by ±6).</summary>
    public double Normal()
    {
        var sum = 0.0;
        for (var i = 0; i < 12; i++)
        {
            sum += NextDouble();
        }

        return sum - 6.0;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
