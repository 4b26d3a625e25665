namespace PaddleInferenceSharp.Engine;

/// <summary>Name, element type and shape of a model input or output as the engine declares it.</summary>
/// <param name="Name">The tensor's name in the model.</param>
/// <param name="ElementType">The element type; <see cref="TensorElementType.Unknown"/> for types this library does not exchange.</param>
/// <param name="Shape">The declared dimensions; -1 marks a dynamic dimension.</param>
public sealed record TensorInfo(string Name, TensorElementType ElementType, IReadOnlyList<long> Shape)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}: {ElementType}[{string.Join(",", Shape)}]";
}
