namespace PaddleInferenceSharp.Server;

/// <summary>
/// Which of the answer shapes documented for PaddleX's <c>POST /ocr</c> the endpoint gives. PaddleX changed the
/// shape twice before 3.0; the clients printed in each version's documentation read only their own.
/// </summary>
/// <remarks>The request fields of every version are read in every mode; only the answer differs.</remarks>
public enum PaddleXServingSchema
{
    /// <summary>
    /// Chosen per request where its fields tell: the old <c>image</c> field gets <see cref="Beta"/>, <c>file</c> with
    /// <c>inferenceParams.maxLongSide</c> gets <see cref="BetaPages"/>, anything else <see cref="Current"/>. A client
    /// of <see cref="BetaPages"/> that sends only <c>file</c> and <c>fileType</c> looks like a current one and needs
    /// that mode chosen.
    /// </summary>
    Auto,

    /// <summary>
    /// PaddleX 3.0.0 and later: <c>result: {ocrResults: [{prunedResult, ocrImage, docPreprocessingImage,
    /// inputImage}], dataInfo}</c>.
    /// </summary>
    Current,

    /// <summary>
    /// PaddleX 3.0.0b1 and 3.0.0b2 (request <c>{image, inferenceParams: {maxLongSide}}</c>): <c>result: {texts:
    /// [{poly, text, score}], image}</c> for one image; a PDF is refused with 422.
    /// </summary>
    Beta,

    /// <summary>
    /// PaddleX's 3.0 development documentation of January 2025 (request <c>{file, fileType, inferenceParams:
    /// {maxLongSide}}</c>): <c>result: {ocrResults: [{texts: [{poly, text, score}], image}], dataInfo}</c>, one entry
    /// per image or PDF page.
    /// </summary>
    BetaPages,
}
