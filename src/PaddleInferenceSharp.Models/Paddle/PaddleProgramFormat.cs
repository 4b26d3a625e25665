namespace PaddleInferenceSharp.Models;

/// <summary>The two Paddle program formats.</summary>
public enum PaddleProgramFormat
{
    /// <summary>A classic <c>ProgramDesc</c> protobuf (<c>inference.pdmodel</c>, Paddle 2.x).</summary>
    ProgramDesc,

    /// <summary>A PIR program in JSON (<c>inference.json</c>, Paddle 3.x).</summary>
    Pir,
}
