namespace PaddleInferenceSharp.Ocr.Visualization;

/// <summary>
/// Python's <c>random</c> module generator (MT19937 seeded by <c>init_by_array</c>), enough of it to reproduce
/// PaddleX's box colours: <c>random.seed(0)</c> followed by <c>random.randint(0, 255)</c> per channel.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _state = new uint[N];
    private int _index = N;

    /// <summary>The generator after Python's <c>random.seed(seed)</c> for a non-negative integer below 2^32.</summary>
    public PythonRandom(uint seed)
    {
        // Python seeds with init_by_array over the 32-bit words of abs(seed); 0 gives the one-word key [0].
        InitGenrand(19650218u);
        uint i = 1;
        for (var k = N; k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1664525u)) + seed;
            i++;
            if (i >= N)
            {
                _state[0] = _state[N - 1];
                i = 1;
            }
        }

        for (var k = N - 1; k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1566083941u)) - i;
            i++;
            if (i >= N)
            {
                _state[0] = _state[N - 1];
                i = 1;
            }
        }

        _state[0] = 0x80000000u;
    }

    /// <summary><c>random.randint(low, high)</c>: uniform in [low, high] by rejection sampling on <c>getrandbits</c>.</summary>
    public int RandInt(int low, int high)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(high, low);
        var n = (uint)(high - low + 1);
        var bits = 32 - uint.LeadingZeroCount(n);
        uint r;
        do
        {
            r = NextUInt32() >> (int)(32 - bits);
        }
        while (r >= n);
        return low + (int)r;
    }

    /// <summary>The next tempered 32-bit output (<c>genrand_uint32</c>).</summary>
    public uint NextUInt32()
    {
        if (_index >= N)
        {
            Twist();
        }

        var y = _state[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    private void InitGenrand(uint seed)
    {
        _state[0] = seed;
        for (uint i = 1; i < N; i++)
        {
            _state[i] = 1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30)) + i;
        }

        _index = N;
    }

    private void Twist()
    {
        for (var k = 0; k < N; k++)
        {
            var y = (_state[k] & 0x80000000u) | (_state[(k + 1) % N] & 0x7fffffffu);
            _state[k] = _state[(k + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
        }

        _index = 0;
    }
}
