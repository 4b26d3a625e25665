using System.Buffers.Binary;
using Google.Protobuf;
using PaddleInferenceSharp.Models.Paddle;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// Streams the tensor records of a combined Paddle parameter file (<c>.pdiparams</c>): a headerless concatenation of
/// serialized dense tensors, little-endian (format notes §1.1). Records are read one at a time; the file is never
/// held in memory as a whole.
/// </summary>
/// <remarks>Not thread-safe: one reader per thread.</remarks>
public sealed class PdiparamsReader : IDisposable
{
    private const long MaxTensorDescBytes = 1 << 20;
    private readonly Stream _stream;
    private readonly byte[] _header = new byte[16];

    /// <summary>Opens a parameter file for sequential reading.</summary>
    /// <exception cref="PaddleModelFormatException">The file cannot be opened.</exception>
    public PdiparamsReader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FilePath = Path.GetFullPath(path);
        try
        {
            _stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PaddleModelFormatException($"Cannot open the Paddle parameter file '{FilePath}': {e.Message}", FilePath, null, e);
        }

        Length = _stream.Length;
    }

    /// <summary>The file being read.</summary>
    public string FilePath { get; }

    /// <summary>The file length in bytes.</summary>
    public long Length { get; }

    /// <summary>The current byte offset.</summary>
    public long Position => _stream.Position;

    /// <summary>Whether every byte has been read.</summary>
    public bool AtEnd => _stream.Position >= Length;

    /// <summary>Reads the next record, or returns null at the end of the file.</summary>
    /// <param name="readData">False to skip over the element data (for listing records).</param>
    /// <exception cref="PaddleModelFormatException">The record is truncated or malformed; the message names the offset and the field expected.</exception>
    public PaddleTensorRecord? ReadNext(bool readData = true)
    {
        if (AtEnd)
        {
            return null;
        }

        var start = _stream.Position;
        var version = ReadUInt32(start, "tensor-container version (uint32)");
        if (version != 0)
        {
            throw Error(start, $"tensor-container version {version}; expected 0");
        }

        var lodLevels = ReadUInt64(start, "LoD level count (uint64)");
        if (lodLevels > 16)
        {
            throw Error(start + 4, $"LoD level count {lodLevels}; expected a small number (0 for parameters)");
        }

        for (ulong i = 0; i < lodLevels; i++)
        {
            var levelBytes = ReadUInt64(start, "LoD level byte length (uint64)");
            Skip((long)levelBytes, start, "LoD level data");
        }

        var tensorVersionAt = _stream.Position;
        var tensorVersion = ReadUInt32(start, "tensor version (uint32)");
        if (tensorVersion != 0)
        {
            throw Error(tensorVersionAt, $"tensor version {tensorVersion}; expected 0");
        }

        var descAt = _stream.Position;
        var descSize = (int)ReadUInt32(start, "TensorDesc byte size (int32)");
        if (descSize <= 0 || descSize > MaxTensorDescBytes)
        {
            throw Error(descAt, $"TensorDesc size {descSize}; expected a small positive int32");
        }

        var descBytes = new byte[descSize];
        ReadExactly(descBytes, start, "TensorDesc protobuf");
        VarType.Types.TensorDesc desc;
        try
        {
            desc = VarType.Types.TensorDesc.Parser.ParseFrom(descBytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new PaddleModelFormatException(
                $"'{FilePath}': the TensorDesc at byte {descAt + 4} is not a valid VarType.TensorDesc protobuf ({e.Message}).", FilePath, descAt + 4, e);
        }

        var dtype = (PaddleVarType)desc.DataType;
        var size = PaddleVarTypes.SizeOf(dtype);
        if (size == 0)
        {
            throw Error(descAt + 4, $"data type {desc.DataType}, which is not a tensor element type");
        }

        var dims = desc.Dims.ToArray();
        long count = 1;
        foreach (var d in dims)
        {
            if (d < 0)
            {
                throw Error(descAt + 4, $"dimension {d} in [{string.Join(",", dims)}]; expected non-negative dimensions");
            }

            count = checked(count * d);
        }

        var byteLength = checked(count * size);
        var dataAt = _stream.Position;
        if (dataAt + byteLength > Length)
        {
            throw Error(dataAt, $"{byteLength} bytes of {dtype}[{string.Join(",", dims)}] data, but only {Length - dataAt} remain (file truncated)");
        }

        byte[]? data = null;
        if (readData)
        {
            if (byteLength > Array.MaxLength)
            {
                throw Error(dataAt, $"a tensor of {byteLength} bytes, larger than one array can hold");
            }

            data = new byte[byteLength];
            ReadExactly(data, start, "tensor data");
        }
        else
        {
            _stream.Seek(byteLength, SeekOrigin.Current);
        }

        return new PaddleTensorRecord(start, dtype, dims, dataAt, byteLength, data);
    }

    /// <summary>Lists every record of a file without reading the element data.</summary>
    /// <exception cref="PaddleModelFormatException">A record is truncated or malformed.</exception>
    public static IReadOnlyList<PaddleTensorRecord> ReadHeaders(string path)
    {
        using var reader = new PdiparamsReader(path);
        var list = new List<PaddleTensorRecord>();
        while (reader.ReadNext(readData: false) is { } record)
        {
            list.Add(record);
        }

        return list;
    }

    /// <summary>
    /// Reads the records for a program's parameters (in <see cref="PaddleProgram.Parameters"/> order), checking each
    /// record's type and shape against the declaration and that the file ends after the last one.
    /// </summary>
    /// <param name="program">The program whose parameters the file holds.</param>
    /// <param name="onParameter">Receives each declared parameter with its record (data included).</param>
    /// <param name="cancellationToken">Cancels between records.</param>
    /// <exception cref="PaddleModelFormatException">Counts, types or shapes disagree, or the file is malformed.</exception>
    public void ReadParameters(PaddleProgram program, Action<PaddleValue, PaddleTensorRecord> onParameter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(onParameter);
        for (var i = 0; i < program.Parameters.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parameter = program.Parameters[i];
            var record = ReadNext() ?? throw Error(Position,
                $"end of file after {i} records; the program '{program.FilePath}' declares {program.Parameters.Count} parameters (next: {parameter})");
            if (!ShapeMatches(parameter.Dims, record.Dims) || !TypeMatches(parameter.DataType, record.DataType))
            {
                throw Error(record.Offset,
                    $"record {i} {record.DataType}[{string.Join(",", record.Dims)}]; expected parameter {parameter} (parameters are stored sorted by name)");
            }

            onParameter(parameter, record);
        }

        if (!AtEnd)
        {
            throw Error(Position, $"{Length - Position} bytes after the {program.Parameters.Count} parameters the program declares; expected end of file");
        }
    }

    // Writers may store FP32 parameters as FP16 ("saved as fp16"); the converter widens them.
    private static bool TypeMatches(PaddleVarType declared, PaddleVarType stored) =>
        declared == stored || (declared == PaddleVarType.Float32 && stored == PaddleVarType.Float16);

    private static bool ShapeMatches(IReadOnlyList<long> declared, long[] stored)
    {
        if (declared.Count != stored.Length)
        {
            return false;
        }

        for (var i = 0; i < stored.Length; i++)
        {
            if (declared[i] >= 0 && declared[i] != stored[i])
            {
                return false;
            }
        }

        return true;
    }

    private uint ReadUInt32(long recordStart, string what)
    {
        ReadExactly(_header.AsSpan(0, 4), recordStart, what);
        return BinaryPrimitives.ReadUInt32LittleEndian(_header);
    }

    private ulong ReadUInt64(long recordStart, string what)
    {
        ReadExactly(_header.AsSpan(0, 8), recordStart, what);
        return BinaryPrimitives.ReadUInt64LittleEndian(_header);
    }

    private void Skip(long count, long recordStart, string what)
    {
        if (count < 0 || _stream.Position + count > Length)
        {
            throw Error(_stream.Position, $"{what} of {count} bytes past the end of the file (record at byte {recordStart})");
        }

        _stream.Seek(count, SeekOrigin.Current);
    }

    private void ReadExactly(Span<byte> buffer, long recordStart, string what)
    {
        var at = _stream.Position;
        var read = _stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
        {
            throw Error(at, $"end of file while reading the {what} ({buffer.Length} bytes expected, {read} left) of the record at byte {recordStart}; the file is truncated");
        }
    }

    private PaddleModelFormatException Error(long offset, string found) =>
        new($"'{FilePath}' at byte {offset}: found {found}.", FilePath, offset);

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
