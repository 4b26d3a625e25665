using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Paddle.Tests;

/// <summary>2.x vs 3.x: version parsing, PIR load rules, version-gated parameters, missing exports, config ownership.</summary>
[NonParallelizable]
public sealed class CapabilityTests
{
    private static PaddleLibrary As(string versionText, params string[] missing) =>
        new(AbiTestDouble.Library.LoadedFrom, [], versionText, missing);

    [TestCase("version: 3.0.0\ncommit: abc\nbranch: HEAD", 3, 0, 0)]
    [TestCase("version: 2.6.2\n", 2, 6, 2)]
    [TestCase("version: 3.1.0-rc0", 3, 1, 0)]
    [TestCase("commit: abc\nversion: 2.4", 2, 4, 0)]
    [TestCase("garbage", 0, 0, 0)]
    public void Version_is_read_from_the_version_line(string text, int major, int minor, int patch)
    {
        Assert.That(PaddleLibrary.ParseVersion(text), Is.EqualTo(new Version(major, minor, patch)));
    }

    [Test]
    public void Capabilities_follow_the_version()
    {
        Assert.Multiple(() =>
        {
            Assert.That(As("version: 3.0.0").SupportsPir, Is.True);
            Assert.That(As("version: 2.6.2").SupportsPir, Is.False);
            Assert.That(As("version: 0.0.0").SupportsPir, Is.True, "development builds are the newest");
            Assert.That(As("version: 2.4.2").PredictorCreateTakesConfig, Is.True);
            Assert.That(As("version: 2.5.0").PredictorCreateTakesConfig, Is.False);
        });
    }

    [Test]
    public void A_PIR_program_with_a_2x_library_is_a_clear_model_error()
    {
        using var model = new FakeModel("inference.json");
        using var config = new PaddleConfig(As("version: 2.6.2"));
        var ex = Assert.Throws<ModelLoadException>(() => config.SetModel(model.Program, model.Params));
        Assert.That(ex!.Message, Does.Contain("PIR").And.Contain("2.6.2").And.Contain("3.x"));
        Assert.That(ex.ModelPath, Is.EqualTo(model.Program));
    }

    [Test]
    public void A_PIR_program_with_a_3x_library_goes_to_SetModel_with_the_json_path()
    {
        using var model = new FakeModel("inference.json");
        using var config = PaddleConfig.FromModelDirectory(model.Directory, AbiTestDouble.Options);
        Assert.That(config.ProgramFile, Does.EndWith("inference.json"));
        using var engine = new PaddleEngine(AbiTestDouble.Options);
        Assert.That(engine.CanLoad(ModelSource.FromDirectory(model.Directory)), Is.True);
    }

    [Test]
    public void The_engine_does_not_claim_PIR_models_on_a_2x_library_and_explains_why()
    {
        using var model = new FakeModel("inference.json");
        using var engine = new PaddleEngine(As("version: 2.6.2"), null, null);
        var source = ModelSource.FromDirectory(model.Directory);
        Assert.That(engine.CanLoad(source), Is.False);
        var ex = Assert.Throws<ModelLoadException>(() => engine.CreatePredictor(source, PredictorOptions.Default));
        Assert.That(ex!.Message, Does.Contain("cannot read PIR programs").And.Contain("3.x"));
    }

    [Test]
    public void Parameters_added_after_2x_are_refused_on_older_libraries()
    {
        using var config26 = new PaddleConfig(As("version: 2.6.2"));
        Assert.Throws<PaddleFeatureNotSupportedException>(() => config26.EnableCustomDevice("npu", 0, PaddlePrecision.Half));
        config26.EnableCustomDevice("npu", 0);
        using var config24 = new PaddleConfig(As("version: 2.4.2"));
        Assert.Multiple(() =>
        {
            Assert.Throws<PaddleFeatureNotSupportedException>(() => config24.EnableGpu(0, 100, PaddlePrecision.Half));
            Assert.Throws<PaddleFeatureNotSupportedException>(() => config24.EnableTensorRt(workspaceBytes: 3L << 30));
            Assert.Throws<PaddleFeatureNotSupportedException>(() => config24.EnableXpu(enableMultiStream: true));
        });
    }

    [Test]
    public void TensorRT_OSS_calls_the_2x_export_and_on_a_library_without_it_the_3x_varseqlen_one()
    {
        var oss = AbiTestDouble.CallCount("PD_ConfigEnableTensorRtOSS");
        var varseqlen = AbiTestDouble.CallCount("PD_ConfigEnableVarseqlen");
        using (var config26 = new PaddleConfig(As("version: 2.6.2")))
        {
            config26.EnableTensorRtOss();
            Assert.That(config26.TensorRtOssEnabled, Is.True);
        }

        Assert.That((AbiTestDouble.CallCount("PD_ConfigEnableTensorRtOSS") - oss, AbiTestDouble.CallCount("PD_ConfigEnableVarseqlen") - varseqlen), Is.EqualTo((1L, 0L)));
        using (var config30 = new PaddleConfig(As("version: 3.0.0", "PD_ConfigEnableTensorRtOSS")))
        {
            config30.EnableTensorRtOss();
            Assert.That(config30.TensorRtOssEnabled, Is.True);
        }

        Assert.That((AbiTestDouble.CallCount("PD_ConfigEnableTensorRtOSS") - oss, AbiTestDouble.CallCount("PD_ConfigEnableVarseqlen") - varseqlen), Is.EqualTo((1L, 1L)));
    }

    [Test]
    public void Missing_exports_are_reported_instead_of_called()
    {
        var library = As("version: 2.4.2", "PD_ConfigSummary", "PD_PredictorGetInputInfos", "PD_PredictorGetOutputInfos", "PD_ConfigEnableCustomDevice");
        using var config = new PaddleConfig(library);
        var ex = Assert.Throws<PaddleFeatureNotSupportedException>(() => _ = config.Summary);
        Assert.That(ex!.FunctionName, Is.EqualTo("PD_ConfigSummary"));
        Assert.Throws<PaddleFeatureNotSupportedException>(() => config.EnableCustomDevice("npu"));
    }

    [Test]
    public void With_a_24_library_the_predictor_takes_the_config_and_we_do_not_destroy_it_again()
    {
        var before = AbiTestDouble.Take();
        AbiTestDouble.PDTest_SetVersion("version: 2.4.2\n");
        try
        {
            using var model = new FakeModel();
            var library = As("version: 2.4.2", "PD_PredictorGetInputInfos", "PD_PredictorGetOutputInfos");
            using var config = new PaddleConfig(library);
            config.SetModel(model.Program, model.Params);
            using var predictor = PaddlePredictor.Create(config);
            Assert.That(predictor.Inputs.Single(), Is.EqualTo(new TensorInfo("x", TensorElementType.Unknown, Array.Empty<long>())).Using<TensorInfo>((a, b) => a.Name == b.Name && a.ElementType == b.ElementType && a.Shape.Count == b.Shape.Count));
            config.Dispose();
        }
        finally
        {
            AbiTestDouble.PDTest_SetVersion(null);
        }

        AbiTestDouble.Snapshot.AssertBalancedSince(before);
    }
}
