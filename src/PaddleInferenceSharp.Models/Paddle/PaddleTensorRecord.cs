namespace PaddleInferenceSharp.Models;

/// <summary>One tensor record of a <c>.pdiparams</c> file.</summary>
/// <param name="Offset">Byte offset of the record in the file.</param>
/// <param name="DataType">The element type from the record's TensorDesc.</param>
/// <param name="Dims">The shape from the record's TensorDesc.</param>
/// <param name="DataOffset">Byte offset of the raw element data.</param>
/// <param name="ByteLength">Length of the raw element data.</param>
/// <param name="Data">The raw little-endian element data, or null when the reader was asked to skip it.</param>
public sealed record PaddleTensorRecord(long Offset, PaddleVarType DataType, long[] Dims, long DataOffset, long ByteLength, byte[]? Data)
{
    /// <summary>The number of elements (1 for a 0-d tensor).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var d in Dims)
            {
                count *= d;
            }

            return count;
        }
    }
}
