namespace PaddleInferenceSharp.Ocr.Inputs;

/// <summary>An input given by URL was refused by the address policy or could not be downloaded; the message names the URL.</summary>
public sealed class UrlInputException : Exception
{
    internal UrlInputException(string url, bool refused, string message, Exception? innerException = null) : base(message, innerException)
    {
        Url = url;
        Refused = refused;
    }

    /// <summary>The URL, without its query (which often holds signatures) or credentials.</summary>
    public string Url { get; }

    /// <summary>
    /// True when the URL was refused before anything was sent (not http(s), credentials, a non-public address, URL
    /// inputs switched off); false when the download failed (unresolvable host, HTTP error, too large, too slow).
    /// </summary>
    public bool Refused { get; }
}
