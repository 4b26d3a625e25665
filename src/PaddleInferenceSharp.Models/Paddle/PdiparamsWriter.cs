using System.Buffers.Binary;
using Google.Protobuf;
using PaddleInferenceSharp.Models.Paddle;

namespace PaddleInferenceSharp.Models;

/// <summary>Writes tensors in the combined <c>.pdiparams</c> record format (format notes §1.1), e.g. random weights for a topology-only program.</summary>
/// <remarks>Not thread-safe.</remarks>
public sealed class PdiparamsWriter : IDisposable
{
    private readonly Stream _stream;

    /// <summary>Creates (or overwrites) a parameter file.</summary>
    public PdiparamsWriter(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    }

    /// <summary>The serialized <c>VarType.TensorDesc</c> of a record (dims unpacked, as Paddle writes them).</summary>
    public static byte[] TensorDescBytes(PaddleVarType dataType, IReadOnlyList<long> dims)
    {
        var desc = new VarType.Types.TensorDesc { DataType = (int)dataType };
        desc.Dims.AddRange(dims);
        return desc.ToByteArray();
    }

    /// <summary>Appends one record.</summary>
    /// <param name="dataType">The element type.</param>
    /// <param name="dims">The shape (all non-negative).</param>
    /// <param name="data">Little-endian element data: product(dims) × element size bytes.</param>
    public void Write(PaddleVarType dataType, IReadOnlyList<long> dims, ReadOnlySpan<byte> data)
    {
        long count = 1;
        foreach (var d in dims)
        {
            count *= d;
        }

        if (count * PaddleVarTypes.SizeOf(dataType) != data.Length)
        {
            throw new ArgumentException($"{data.Length} data bytes do not fit {dataType}[{string.Join(",", dims)}].", nameof(data));
        }

        var desc = TensorDescBytes(dataType, dims);
        Span<byte> header = stackalloc byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(header[4..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], desc.Length);
        _stream.Write(header);
        _stream.Write(desc);
        _stream.Write(data);
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
