using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Models.Tests;

public class ReaderTests
{
    private static IEnumerable<string> ClassicModels => SharedModels.Classic;

    private static IEnumerable<string> PirModels => SharedModels.Pir;

    [TestCaseSource(nameof(ClassicModels))]
    public void Classic_program_and_parameters_read_to_end_of_file(string name)
    {
        var dir = SharedModels.Dir(name);
        var program = ProgramDescReader.Read(Path.Combine(dir, "inference.pdmodel"));
        Assert.That(program.Format, Is.EqualTo(PaddleProgramFormat.ProgramDesc));
        Assert.That(program.Inputs.Select(i => i.Name), Is.EqualTo(new[] { "x" }));
        Assert.That(program.Inputs[0].Dims[1], Is.EqualTo(3));
        Assert.That(program.Outputs, Has.Count.EqualTo(1));
        Assert.That(program.Ops[0].Type, Is.EqualTo("feed"));

        var paramsPath = Path.Combine(dir, "inference.pdiparams");
        var count = 0;
        long bytes = 0;
        using (var reader = new PdiparamsReader(paramsPath))
        {
            reader.ReadParameters(program, (p, r) =>
            {
                count++;
                bytes += r.Data!.Length;
                Assert.That(r.ElementCount, Is.EqualTo(p.ElementCount));
            });
        }

        Assert.That(count, Is.EqualTo(program.Parameters.Count));
        Assert.That(bytes, Is.EqualTo(program.ParameterBytes));
        Assert.That(bytes, Is.LessThan(new FileInfo(paramsPath).Length));
    }

    [Test]
    public void PP_OCRv3_det_matches_the_documented_inventory()
    {
        // Format notes §1.2 and §4.2: 288 records, 238 ops, 15 op types, input x [-1,3,-1,-1], output sigmoid_0.tmp_0.
        var dir = SharedModels.Dir("PP-OCRv3_mobile_det");
        var program = ProgramDescReader.Read(Path.Combine(dir, "inference.pdmodel"));
        Assert.That(program.Parameters, Has.Count.EqualTo(288));
        Assert.That(program.Ops, Has.Count.EqualTo(238));
        Assert.That(program.OpCounts(), Has.Count.EqualTo(15));
        Assert.That(program.Inputs[0].Dims, Is.EqualTo(new long[] { -1, 3, -1, -1 }));
        Assert.That(program.OutputNames, Is.EqualTo(new[] { "sigmoid_0.tmp_0" }));
        Assert.That(program.Version, Is.EqualTo(2002002));
        Assert.That(PdiparamsReader.ReadHeaders(Path.Combine(dir, "inference.pdiparams"))[0].DataOffset, Is.EqualTo(24));
    }

    [TestCaseSource(nameof(PirModels))]
    public void Pir_program_reads_with_parameters_in_sorted_order(string name)
    {
        var dir = SharedModels.Dir(name);
        var program = PirProgramReader.Read(Path.Combine(dir, "inference.json"));
        Assert.That(program.Format, Is.EqualTo(PaddleProgramFormat.Pir));
        Assert.That(program.Version, Is.EqualTo(1));
        // UVDoc names its input "image"; every other PaddleX model "x".
        Assert.That(program.Inputs.Select(i => i.Name), Is.EqualTo(new[] { name.StartsWith("UVDoc", StringComparison.Ordinal) ? "image" : "x" }));
        Assert.That(program.OutputNames, Is.EqualTo(new[] { "fetch_name_0" }));
        Assert.That(program.Parameters.Count, Is.EqualTo(program.Ops.Count(o => o.Type == "builtin.parameter")));
        for (var i = 1; i < program.Parameters.Count; i++)
        {
            Assert.That(string.CompareOrdinal(program.Parameters[i - 1].Name, program.Parameters[i].Name), Is.LessThan(0));
        }

        var paramsPath = Path.Combine(dir, "inference.pdiparams");
        if (File.Exists(paramsPath))
        {
            var count = 0;
            using var reader = new PdiparamsReader(paramsPath);
            reader.ReadParameters(program, (_, _) => count++);
            Assert.That(count, Is.EqualTo(program.Parameters.Count));
        }
    }

    [TestCase("PP-OCRv5_mobile_det_topology", 234, 4_692_937L)]
    [TestCase("PP-OCRv5_mobile_rec_topology", 234, 16_458_665L)]
    [TestCase("PP-OCRv5_server_det_topology", 539, 87_932_887L)]
    [TestCase("PP-OCRv5_server_rec_topology", 458, 84_390_117L)]
    public void Pir_parameters_add_up_to_the_published_pdiparams_size(string name, int parameters, long fileSize)
    {
        var program = PirProgramReader.Read(Path.Combine(SharedModels.Dir(name), "inference.json"));
        Assert.That(program.Parameters, Has.Count.EqualTo(parameters));
        long size = 0;
        foreach (var p in program.Parameters)
        {
            // Record = 4 + 8 + 4 + 4 + TensorDesc bytes + data (format notes §1.1).
            size += 20 + PdiparamsWriter.TensorDescBytes(p.DataType, p.Dims).Length + p.ElementCount * 4;
        }

        Assert.That(size, Is.EqualTo(fileSize));
    }

    [Test]
    public void Truncated_pdiparams_names_file_offset_and_expected_bytes()
    {
        var dir = SharedModels.Dir("PP-OCRv4_mobile_det");
        var temp = TestPaths.NewTempDirectory("pdiparams");
        try
        {
            var source = File.ReadAllBytes(Path.Combine(dir, "inference.pdiparams"));
            var truncated = Path.Combine(temp, "inference.pdiparams");
            File.WriteAllBytes(truncated, source.AsSpan(0, source.Length - 10).ToArray());
            var program = ProgramDescReader.Read(Path.Combine(dir, "inference.pdmodel"));
            using var reader = new PdiparamsReader(truncated);
            var e = Assert.Throws<PaddleModelFormatException>(() => reader.ReadParameters(program, (_, _) => { }))!;
            Assert.That(e.Message, Does.Contain(truncated).And.Contain("truncated"));
            Assert.That(e.Offset, Is.GreaterThan(source.Length - 100_000).And.LessThan(source.Length));
        }
        finally
        {
            Directory.Delete(temp, true);
        }
    }

    [Test]
    public void Pdiparams_with_extra_bytes_is_rejected()
    {
        var dir = SharedModels.Dir("PP-OCRv3_mobile_det");
        var temp = TestPaths.NewTempDirectory("pdiparams");
        try
        {
            var source = File.ReadAllBytes(Path.Combine(dir, "inference.pdiparams"));
            var longer = Path.Combine(temp, "inference.pdiparams");
            File.WriteAllBytes(longer, [.. source, 0, 0, 0, 0]);
            var program = ProgramDescReader.Read(Path.Combine(dir, "inference.pdmodel"));
            using var reader = new PdiparamsReader(longer);
            var e = Assert.Throws<PaddleModelFormatException>(() => reader.ReadParameters(program, (_, _) => { }))!;
            Assert.That(e.Offset, Is.EqualTo(source.Length));
            Assert.That(e.Message, Does.Contain("expected end of file"));
        }
        finally
        {
            Directory.Delete(temp, true);
        }
    }

    [Test]
    public void Truncated_pdmodel_is_rejected_with_the_file_name()
    {
        var bytes = File.ReadAllBytes(Path.Combine(SharedModels.Dir("PP-OCRv4_mobile_rec"), "inference.pdmodel"));
        var e = Assert.Throws<PaddleModelFormatException>(() => ProgramDescReader.Parse(bytes.AsSpan(0, bytes.Length / 2), "half.pdmodel"))!;
        Assert.That(e.Message, Does.Contain("half.pdmodel").And.Contain("ProgramDesc"));
        Assert.That(e.Offset, Is.Not.Null.And.LessThan(bytes.Length / 2));
    }

    [Test]
    public void Malformed_pir_json_names_the_op_and_what_was_expected()
    {
        const string json = """
            {"base_code":{"magic":"pir","version":1},"program":{"regions":[{"#":"region_0","blocks":[{"#":"block_0","args":[],"ops":[
              {"#":"1.relu","I":[{"%":7}],"O":[{"%":8,"TT":{"#":"0.t_dtensor","D":[{"#":"0.t_f32"},[1],"NCHW",[],0]}}]}
            ]}]}]}}
            """;
        var e = Assert.Throws<PaddleModelFormatException>(() => PirProgramReader.Parse(json, "bad.json"))!;
        Assert.That(e.Message, Does.Contain("bad.json").And.Contain("op #0").And.Contain("pd_op.relu").And.Contain("%7"));

        var notPir = Assert.Throws<PaddleModelFormatException>(() => PirProgramReader.Parse("{\"a\":1}", "x.json"))!;
        Assert.That(notPir.Message, Does.Contain("magic"));
        var broken = Assert.Throws<PaddleModelFormatException>(() => PirProgramReader.Parse("{\"base_code\": [", "y.json"))!;
        Assert.That(broken.Message, Does.Contain("y.json").And.Contain("line 1"));
    }
}
