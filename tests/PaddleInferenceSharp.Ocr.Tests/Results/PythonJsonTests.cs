using System.Text.Json.Nodes;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Ocr.Tests.Results;

public sealed class PythonJsonTests
{
    [TestCase(0.3, "0.3")]
    [TestCase(2.0, "2.0")]
    [TestCase(960.0, "960.0")]
    [TestCase(0.0001, "0.0001")]
    [TestCase(0.00001, "1e-05")]
    [TestCase(1e16, "1e+16")]
    [TestCase(1e15, "1000000000000000.0")]
    [TestCase(-0.5, "-0.5")]
    [TestCase(0.0, "0.0")]
    [TestCase(1.5e-10, "1.5e-10")]
    [TestCase(123456789.125, "123456789.125")]
    public void Floats_are_written_as_Python_repr(double value, string expected) =>
        Assert.That(PythonJson.FormatFloat(value), Is.EqualTo(expected));

    [Test]
    public void A_float32_score_is_written_as_Pythons_float_of_it() =>
        // float(np.float32(0.99475139)) == 0.9947513937950134
        Assert.That(PythonJson.FormatFloat(0.99475139f), Is.EqualTo("0.9947513937950134"));

    [Test]
    public void Indent_puts_every_element_on_its_own_line_like_json_dumps()
    {
        var node = new JsonObject { ["a"] = new JsonArray(1, 2), ["b"] = new JsonObject(), ["c"] = new JsonArray(), ["d"] = null, ["e"] = true };
        const string expected = "{\n    \"a\": [\n        1,\n        2\n    ],\n    \"b\": {},\n    \"c\": [],\n    \"d\": null,\n    \"e\": true\n}";
        Assert.That(PythonJson.Serialize(node, 4), Is.EqualTo(expected));
    }

    [Test]
    public void Without_indent_separators_are_comma_space_and_colon_space() =>
        Assert.That(PythonJson.Serialize(new JsonObject { ["a"] = new JsonArray(1, 2.5) }, null), Is.EqualTo("{\"a\": [1, 2.5]}"));

    [Test]
    public void Non_ascii_is_kept_unless_ensure_ascii()
    {
        var node = new JsonArray("中文 \"q\"\n");
        Assert.That(PythonJson.Serialize(node, null), Is.EqualTo("[\"中文 \\\"q\\\"\\n\"]"));
        Assert.That(PythonJson.Serialize(node, null, ensureAscii: true), Is.EqualTo("[\"\\u4e2d\\u6587 \\\"q\\\"\\n\"]"));
    }
}
