using System.Reflection;
using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.Paddle;

namespace PaddleInferenceSharp.Paddle.Tests;

/// <summary>The generated structs have the C compiler's sizes and offsets; declarations and exports match one to one.</summary>
public sealed class BindingLayoutTests
{
    private static IEnumerable<Type> Structs() =>
        typeof(PaddleNative).Assembly.GetTypes().Where(t => t.Namespace == typeof(PaddleNative).Namespace && t.IsValueType && t.Name.StartsWith("PD_", StringComparison.Ordinal));

    [Test]
    public void Every_generated_struct_has_the_C_size_and_field_offsets()
    {
        _ = AbiTestDouble.Library;
        var structs = Structs().ToArray();
        Assert.That(structs.Select(s => s.Name), Is.EquivalentTo(new[]
        {
            "PD_OneDimArrayInt32", "PD_OneDimArraySize", "PD_OneDimArrayInt64", "PD_OneDimArrayCstr", "PD_Cstr",
            "PD_TwoDimArraySize", "PD_IOInfo", "PD_IOInfos",
        }));
        Assert.Multiple(() =>
        {
            foreach (var type in structs)
            {
                Assert.That(Marshal.SizeOf(type), Is.EqualTo(AbiTestDouble.SizeOf(type.Name)), type.Name);
                foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
                {
                    Assert.That((long)Marshal.OffsetOf(type, field.Name), Is.EqualTo(AbiTestDouble.OffsetOf(type.Name, field.Name)), $"{type.Name}.{field.Name}");
                }
            }
        });
    }

    [Test]
    public void IOInfo_is_24_bytes_with_the_dtype_at_16_on_64_bit()
    {
        Assume.That(IntPtr.Size, Is.EqualTo(8));
        Assert.That(Marshal.SizeOf<PD_IOInfo>(), Is.EqualTo(24));
        Assert.That((int)Marshal.OffsetOf<PD_IOInfo>(nameof(PD_IOInfo.dtype)), Is.EqualTo(16));
    }

    [Test]
    public void Every_declared_function_is_exported_by_the_test_double_and_nothing_more()
    {
        var path = AbiTestDouble.LibraryPath;
        var handle = NativeLibrary.Load(path);
        Assert.Multiple(() =>
        {
            foreach (var name in PaddleNative.FunctionNames)
            {
                Assert.That(NativeLibrary.TryGetExport(handle, name, out _), Is.True, name);
            }
        });

        using var nm = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("nm", $"-D --defined-only \"{path}\"") { RedirectStandardOutput = true })!;
        var exported = nm.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ').Last())
            .Where(n => n.StartsWith("PD_", StringComparison.Ordinal))
            .ToArray();
        nm.WaitForExit();
        Assert.That(exported, Is.EquivalentTo(PaddleNative.FunctionNames));
        // 129 = the PD_API lines of native/include/paddle_inference_c_declarations.h (PD_ConfigEnableTensorRtOSS, 2.x, is the 129th).
        Assert.That(PaddleNative.FunctionNames, Has.Count.EqualTo(129));
        Assert.That(AbiTestDouble.Library.MissingExports, Is.Empty);
    }

    [Test]
    public void Enum_constants_have_the_documented_values()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PaddleNativeConstants.PD_DATA_UNK, Is.EqualTo(-1));
            Assert.That(PaddleNativeConstants.PD_DATA_INT8, Is.EqualTo(4));
            Assert.That(PaddleNativeConstants.PD_PLACE_CUSTOM, Is.EqualTo(3));
            Assert.That(PaddleNativeConstants.PD_PRECISION_HALF, Is.EqualTo(2));
            Assert.That((int)PaddleDataType.UInt8, Is.EqualTo(PaddleNativeConstants.PD_DATA_UINT8));
            Assert.That((int)PaddlePrecision.Int8, Is.EqualTo(PaddleNativeConstants.PD_PRECISION_INT8));
        });
    }
}
