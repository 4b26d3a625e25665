using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Paddle;

/// <summary>A Paddle Inference C API call failed (it returned NULL or false).</summary>
public class PaddleInferenceException : InferenceEngineException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="functionName">The C function that failed, e.g. <c>PD_PredictorRun</c>.</param>
    /// <param name="message">What failed and what to do.</param>
    public PaddleInferenceException(string functionName, string message) : base(message)
    {
        FunctionName = functionName;
    }

    /// <summary>The C function that failed.</summary>
    public string FunctionName { get; }
}
