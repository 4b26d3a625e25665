namespace PaddleInferenceSharp.Paddle;

/// <summary>The loaded Paddle Inference library is too old (or built without a feature) for the requested call.</summary>
public sealed class PaddleFeatureNotSupportedException : PaddleInferenceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="functionName">The C function involved.</param>
    /// <param name="message">Which library was loaded, what it lacks and what to install.</param>
    public PaddleFeatureNotSupportedException(string functionName, string message) : base(functionName, message) { }
}
