using System.Runtime.InteropServices;
using System.Text;

namespace PaddleInferenceSharp.Paddle;

/// <summary>
/// NUL-terminated UTF-8 copies of managed strings in native memory, as one <c>const char**</c> array; freed on
/// <see cref="Dispose"/>. Used for the C API's string and string-list parameters.
/// </summary>
internal sealed unsafe class NativeUtf8Strings : IDisposable
{
    private byte** _array;
    private readonly int _count;

    public NativeUtf8Strings(IReadOnlyList<string> values)
    {
        _count = values.Count;
        _array = (byte**)NativeMemory.AllocZeroed((nuint)Math.Max(1, _count), (nuint)sizeof(byte*));
        for (var i = 0; i < _count; i++)
        {
            ArgumentNullException.ThrowIfNull(values[i]);
            if (values[i].Contains('\0', StringComparison.Ordinal))
            {
                Dispose();
                throw new ArgumentException($"String '{values[i].Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character, which the C API cannot take.");
            }

            var length = Encoding.UTF8.GetByteCount(values[i]);
            var text = (byte*)NativeMemory.Alloc((nuint)length + 1);
            Encoding.UTF8.GetBytes(values[i], new Span<byte>(text, length));
            text[length] = 0;
            _array[i] = text;
        }
    }

    /// <summary>The <c>const char**</c> array.</summary>
    public byte** Array => _array;

    /// <summary>The first string (for single-string parameters).</summary>
    public byte* First => _array[0];

    /// <summary>The number of strings.</summary>
    public nuint Count => (nuint)_count;

    /// <summary>One string.</summary>
    public static NativeUtf8Strings Of(string value) => new([value]);

    public void Dispose()
    {
        if (_array is null)
        {
            return;
        }

        for (var i = 0; i < _count; i++)
        {
            NativeMemory.Free(_array[i]);
        }

        NativeMemory.Free(_array);
        _array = null;
    }
}
