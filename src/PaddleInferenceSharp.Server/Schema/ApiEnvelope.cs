using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PaddleInferenceSharp.Server.Schema;

/// <summary>
/// PaddleX's response envelope: success is <c>{"logId", "result", "errorCode": 0, "errorMsg": "Success"}</c>
/// (<c>AIStudioResultResponse</c>); failure is <c>{"logId", "errorCode": &lt;HTTP status&gt;, "errorMsg"}</c>
/// (<c>AIStudioNoResultResponse</c>).
/// </summary>
public static class ApiEnvelope
{
    private static readonly JsonSerializerOptions Options = new()
    {
        // Recognised text (CJK included) stays readable; JSON parsers read either form.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A success answer wrapping <paramref name="result"/>.</summary>
    public static byte[] Success(string logId, JsonObject result) => Serialize(new JsonObject
    {
        ["logId"] = logId,
        ["result"] = result,
        ["errorCode"] = 0,
        ["errorMsg"] = "Success",
    });

    /// <summary>An answer without result: an error (<paramref name="errorCode"/> = HTTP status) or a health report (0).</summary>
    public static byte[] NoResult(string logId, int errorCode, string errorMsg) => Serialize(new JsonObject
    {
        ["logId"] = logId,
        ["errorCode"] = errorCode,
        ["errorMsg"] = errorMsg,
    });

    /// <summary>PaddleX's log ids are random UUIDs (<c>generate_log_id</c>).</summary>
    public static string NewLogId() => Guid.NewGuid().ToString();

    private static byte[] Serialize(JsonObject value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);
}
