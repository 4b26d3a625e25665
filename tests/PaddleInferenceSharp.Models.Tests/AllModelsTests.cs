using System.Runtime.InteropServices;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Models.Tests;

public class AllModelsTests
{
    [Test]
    public void Textline_orientation_classifies_upright_and_turned_lines()
    {
        using var predictor = ConverterTests.Converted(SharedModels.Dir("PP-LCNet_x0_25_textline_ori"));
        int total = 0, correct = 0;
        var failures = new List<string>();
        foreach (var image in ImageInputs.DevImages(8))
        {
            foreach (var line in ImageInputs.Lines(image).Where(l => l.W > 2 * l.H).Take(4))
            {
                foreach (var turned in new[] { false, true })
                {
                    using var input = ImageInputs.Crop(image, line, 80, 160, turned);
                    var probabilities = ConverterTests.Run(predictor, input, out var shape);
                    Assert.That(shape, Is.EqualTo(new long[] { 1, 2 }));
                    Assert.That(probabilities.Sum(), Is.EqualTo(1f).Within(1e-4f));
                    var label = probabilities[1] > probabilities[0] ? 1 : 0;
                    total++;
                    if (label == (turned ? 1 : 0))
                    {
                        correct++;
                    }
                    else
                    {
                        failures.Add($"{Path.GetFileName(image)} {line} turned={turned}: [{string.Join(", ", probabilities)}]");
                    }
                }
            }
        }

        TestContext.Out.WriteLine($"{correct}/{total} correct; wrong: {string.Join("; ", failures)}");
        Assert.That(total, Is.GreaterThanOrEqualTo(40));
        Assert.That(correct, Is.GreaterThanOrEqualTo(total * 95 / 100), string.Join("\n", failures));
    }

    [Test]
    public void Classic_180_degree_classifier_matches_the_official_onnx_on_real_lines()
    {
        using var ours = ConverterTests.Converted(SharedModels.Dir("ch_ppocr_mobile_v2.0_cls"));
        using var official = new OnnxRuntime.OnnxRuntimeEngine().CreatePredictor(
            ModelSource.FromDirectory(TestPaths.RequiredModel("ch_ppocr_mobile_v2.0_cls")), PredictorOptions.Default);
        var image = ImageInputs.DevImages(1)[0];
        foreach (var line in ImageInputs.Lines(image).Take(3))
        {
            foreach (var turned in new[] { false, true })
            {
                using var input = ImageInputs.Crop(image, line, 48, 192, turned);
                var a = ConverterTests.Run(ours, input, out var shapeA);
                var b = ConverterTests.Run(official, input, out var shapeB);
                Assert.That(shapeA, Is.EqualTo(shapeB));
                Assert.That(a.Zip(b, (x, y) => Math.Abs(x - y)).Max(), Is.LessThanOrEqualTo(1e-4f));
            }
        }
    }

    [TestCase("PP-OCRv3_mobile_det", 1, 3, 96, 160)]
    [TestCase("en_number_mobile_v2.0_rec", 2, 3, 32, 100)]
    [TestCase("french_mobile_v2.0_rec", 1, 3, 32, 100)]
    [TestCase("german_mobile_v2.0_rec", 2, 3, 32, 100)]
    public void Model_with_weights_converts_and_runs(string name, int n, int c, int h, int w)
    {
        using var predictor = ConverterTests.Converted(SharedModels.Dir(name));
        using var input = RandomInput(n, c, h, w);
        var output = ConverterTests.Run(predictor, input, out var shape);
        TestContext.Out.WriteLine($"{name}: output {string.Join("x", shape)}");
        Assert.That(shape[0], Is.EqualTo(n));
        Assert.That(output.All(float.IsFinite));
    }

    [Test]
    public void Lstm_recogniser_reads_short_words_of_real_lines()
    {
        // en_number_mobile_v2.0_rec (CRNN: 2-layer bidirectional LSTM, fixed 32x100 input); en_dict.txt (its last entry is a space) + blank.
        var dir = SharedModels.Dir("en_number_mobile_v2.0_rec");
        var dictionary = File.ReadAllLines(Path.Combine(dir, "en_dict.txt")).Where(l => l.Length > 0).ToArray();
        using var predictor = ConverterTests.Converted(dir);
        int total = 0, exact = 0;
        var report = new List<string>();
        foreach (var image in ImageInputs.DevImages(40))
        {
            foreach (var (box, text) in ImageInputs.LabelledLines(image).Where(l => l.Text.Length is >= 3 and <= 10 && l.Text.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ')))
            {
                using var input = ImageInputs.Crop(image, box, 32, 100, rotate180: false, halfNormalize: true);
                var probabilities = ConverterTests.Run(predictor, input, out var shape);
                Assert.That(shape[2], Is.EqualTo(dictionary.Length + 1));
                var decoded = CtcGreedy(probabilities, (int)shape[1], (int)shape[2], dictionary);
                total++;
                exact += decoded.Replace(" ", "", StringComparison.Ordinal) == text.Replace(" ", "", StringComparison.Ordinal) ? 1 : 0;
                report.Add($"{text} -> {decoded}");
            }
        }

        TestContext.Out.WriteLine($"{exact}/{total}: {string.Join("; ", report)}");
        Assert.That(total, Is.GreaterThanOrEqualTo(3));
        // The fixed 32x100 input squeezes long words, so only a share reads exactly; a wrong gate order reads nothing.
        Assert.That(exact, Is.GreaterThanOrEqualTo(total / 3), string.Join("; ", report));
    }

    private static string CtcGreedy(float[] probabilities, int steps, int classes, string[] dictionary)
    {
        var text = new System.Text.StringBuilder();
        var previous = 0;
        for (var t = 0; t < steps; t++)
        {
            var best = 0;
            for (var k = 1; k < classes; k++)
            {
                if (probabilities[t * classes + k] > probabilities[t * classes + best])
                {
                    best = k;
                }
            }

            if (best != 0 && best != previous)
            {
                text.Append(dictionary[best - 1]);
            }

            previous = best;
        }

        return text.ToString().Trim();
    }

    [TestCase("PP-OCRv5_mobile_det_topology", 2, 96, 128)]
    [TestCase("PP-OCRv5_server_det_topology", 1, 64, 96)]
    public void Detection_topology_with_random_weights_gives_N_1_H_W(string name, int n, int h, int w)
    {
        var shape = RunWithRandomWeights(name, n, h, w, out var output);
        Assert.That(shape, Is.EqualTo(new long[] { n, 1, h, w }));
        Assert.That(output.All(float.IsFinite));
    }

    [TestCase("PP-OCRv5_mobile_rec_topology", 2, 320)]
    [TestCase("PP-OCRv5_server_rec_topology", 1, 160)]
    public void Recognition_topology_with_random_weights_gives_N_T_dictionary_plus_2(string name, int n, int w)
    {
        var dictionary = DictionarySize(Path.Combine(SharedModels.Dir(name), "inference.yml"));
        var shape = RunWithRandomWeights(name, n, 48, w, out var output);
        Assert.That(shape, Has.Length.EqualTo(3));
        Assert.That(shape[0], Is.EqualTo(n));
        Assert.That(shape[1], Is.EqualTo(w / 8), "T = width / 8 for the PP-OCRv5 recognisers");
        Assert.That(shape[2], Is.EqualTo(dictionary + 2), "classes = dictionary + blank + space");
        Assert.That(output.All(float.IsFinite));
    }

    [Test]
    public void Doc_orientation_topology_with_random_weights_gives_4_classes()
    {
        var shape = RunWithRandomWeights("PP-LCNet_x1_0_doc_ori_topology", 2, 224, 224, out var output);
        Assert.That(shape, Is.EqualTo(new long[] { 2, 4 }));
        Assert.That(output.Take(4).Sum(), Is.EqualTo(1f).Within(1e-4f));
    }

    [Test]
    public void UVDoc_topology_with_random_weights_returns_an_image_of_the_input_size()
    {
        var shape = RunWithRandomWeights("UVDoc_topology", 1, 128, 96, out var output);
        Assert.That(shape, Is.EqualTo(new long[] { 1, 3, 128, 96 }));
        Assert.That(output.All(float.IsFinite));
    }

    [Test]
    public void Unsupported_op_names_op_position_and_file()
    {
        var program = PirProgramReader.Parse("""
            {"base_code":{"magic":"pir","version":1},"program":{"regions":[{"#":"region_0","blocks":[{"#":"block_0","args":[],"ops":[
              {"#":"1.data","A":[{"N":"name","AT":{"#":"0.a_str","D":"x"}}],"I":[],"O":[{"%":1,"TT":{"#":"0.t_dtensor","D":[{"#":"0.t_f32"},[1,4],"NCHW",[],0]}}]},
              {"#":"1.erfinv","A":[],"I":[{"%":1}],"O":[{"%":2,"TT":{"#":"0.t_dtensor","D":[{"#":"0.t_f32"},[1,4],"NCHW",[],0]}}]},
              {"#":"1.fetch","A":[{"N":"name","AT":{"#":"0.a_str","D":"out"}},{"N":"col","AT":{"#":"0.a_i32","D":0}}],"I":[{"%":2}],"O":[{"%":3,"TT":{"#":"0.t_dtensor","D":[{"#":"0.t_f32"},[1,4],"NCHW",[],0]}}]}
            ]}]}]}}
            """, "custom.json");
        var e = Assert.Throws<PaddleModelFormatException>(() => new PaddleToOnnxConverter().Convert(program, null))!;
        Assert.That(e.Message, Does.Contain("custom.json").And.Contain("op #1").And.Contain("pd_op.erfinv").And.Contain("not supported"));
    }

    private static int DictionarySize(string yml)
    {
        // PostProcess.character_dict is a YAML list, one "- entry" line per character.
        var lines = File.ReadAllLines(yml);
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith("character_dict:", StringComparison.Ordinal));
        Assert.That(start, Is.GreaterThanOrEqualTo(0));
        var indent = lines[start + 1].Length - lines[start + 1].TrimStart().Length;
        var count = 0;
        for (var i = start + 1; i < lines.Length; i++)
        {
            var lineIndent = lines[i].Length - lines[i].TrimStart().Length;
            if (lineIndent != indent || !lines[i].TrimStart().StartsWith('-'))
            {
                break;
            }

            count++;
        }

        return count;
    }

    private static long[] RunWithRandomWeights(string name, int n, int h, int w, out float[] output)
    {
        var dir = SharedModels.Dir(name);
        var program = PirProgramReader.Read(Path.Combine(dir, "inference.json"));
        var temp = TestPaths.NewTempDirectory("random-weights");
        try
        {
            var paramsPath = Path.Combine(temp, "inference.pdiparams");
            GeneratedWeights.Write(program, paramsPath);
            var result = new PaddleToOnnxConverter().Convert(program, paramsPath);
            Assert.That(result.ParameterCount, Is.EqualTo(program.Parameters.Count));
            using var predictor = new OnnxRuntime.OnnxRuntimeEngine().CreatePredictor(ModelSource.FromOnnxBytes(result.OnnxModel, name), PredictorOptions.Default);
            using var input = RandomInput(n, 3, h, w);
            output = ConverterTests.Run(predictor, input, out var shape);
            TestContext.Out.WriteLine($"{name}: {program.Parameters.Count} parameters, {result.NodeCount} nodes, output {string.Join("x", shape)}");
            return shape;
        }
        finally
        {
            Directory.Delete(temp, true);
        }
    }

    private static Tensor RandomInput(int n, int c, int h, int w)
    {
        var tensor = Tensor.Rent<float>([n, c, h, w]);
        var random = new Random(3);
        var span = tensor.AsSpan<float>();
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (float)(random.NextDouble() * 4 - 2);
        }

        return tensor;
    }
}
