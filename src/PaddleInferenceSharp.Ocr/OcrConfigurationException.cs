namespace PaddleInferenceSharp.Ocr;

/// <summary>A pipeline configuration (file or options) is invalid.</summary>
public sealed class OcrConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OcrConfigurationException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
