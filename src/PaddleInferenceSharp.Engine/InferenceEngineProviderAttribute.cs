namespace PaddleInferenceSharp.Engine;

/// <summary>Names the <see cref="IInferenceEngineProvider"/> of an engine assembly (it needs a public parameterless constructor).</summary>
/// <param name="providerType">The provider type.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class InferenceEngineProviderAttribute(Type providerType) : Attribute
{
    /// <summary>The provider type.</summary>
    public Type ProviderType { get; } = providerType ?? throw new ArgumentNullException(nameof(providerType));
}
