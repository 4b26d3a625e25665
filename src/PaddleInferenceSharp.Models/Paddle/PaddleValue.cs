namespace PaddleInferenceSharp.Models;

/// <summary>A tensor value of a Paddle program: a variable (classic) or an op result (PIR).</summary>
/// <param name="Name">The variable name (classic), the parameter name, or <c>%id</c> for a PIR op result.</param>
/// <param name="DataType">The element type.</param>
/// <param name="Dims">The declared shape; -1 marks a dynamic dimension.</param>
/// <param name="Persistable">Whether the value is a parameter stored in the <c>.pdiparams</c> file.</param>
public sealed record PaddleValue(string Name, PaddleVarType DataType, IReadOnlyList<long> Dims, bool Persistable)
{
    /// <summary>The number of elements (1 for a 0-d tensor), or -1 when a dimension is dynamic.</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var d in Dims)
            {
                if (d < 0)
                {
                    return -1;
                }

                count *= d;
            }

            return count;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} {DataType}[{string.Join(",", Dims)}]";
}
