using System.Runtime.InteropServices;
using System.Text;
using PaddleInferenceSharp.Bindings.OnnxRuntime;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>
/// A loaded ONNX Runtime session with its input/output metadata. <c>OrtSession::Run</c> is thread-safe, so one
/// session serves every <see cref="OrtPredictor"/> clone.
/// </summary>
/// <remarks>
/// Split by concern: creation and session options (<c>OrtSession.Creation.cs</c>), the run with its input binding
/// (<c>OrtSession.Run.cs</c>) and the wrapping of outputs (<c>OrtSession.Outputs.cs</c>).
/// </remarks>
internal sealed unsafe partial class OrtSession : IDisposable
{
    private readonly OrtRuntime _runtime;
    private readonly OrtHandle _handle;
    private readonly byte[][] _inputNamesUtf8;
    private readonly byte[][] _outputNamesUtf8;
    private readonly int _shrinkEvery;
    private readonly long _shrinkAbove;
    private long _runs;

    /// <summary>Every how many runs ONNX Runtime is asked to shrink the CPU arena after the run (0: never).</summary>
    internal int ShrinkArenaEveryRuns => _shrinkEvery;

    /// <summary>Runs whose inputs hold more elements than this shrink the CPU arena afterwards whatever the interval (0: no such rule).</summary>
    internal long ShrinkArenaAboveInputElements => _shrinkAbove;
    private int _references = 1;

    private OrtSession(OrtRuntime runtime, OrtHandle handle, string modelName, int shrinkEvery, long shrinkAbove)
    {
        _runtime = runtime;
        _handle = handle;
        ModelName = modelName;
        Inputs = ReadInfos(input: true);
        Outputs = ReadInfos(input: false);
        _inputNamesUtf8 = Inputs.Select(i => Utf8Z(i.Name)).ToArray();
        _outputNamesUtf8 = Outputs.Select(o => Utf8Z(o.Name)).ToArray();
        _shrinkEvery = shrinkEvery;
        _shrinkAbove = shrinkAbove;
    }

    public string ModelName { get; }

    public IReadOnlyList<TensorInfo> Inputs { get; }

    public IReadOnlyList<TensorInfo> Outputs { get; }

    /// <summary>Takes another reference for a predictor clone.</summary>
    public OrtSession AddReference()
    {
        if (Interlocked.Increment(ref _references) <= 1)
        {
            throw new ObjectDisposedException(nameof(OrtSession));
        }

        return this;
    }

    /// <summary>Drops one reference; the session is released with the last.</summary>
    public void Dispose()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _handle.Dispose();
        }
    }

    private IReadOnlyList<TensorInfo> ReadInfos(bool input)
    {
        var api = _runtime.Api;
        var session = _handle.DangerousGetHandle();
        nuint count;
        _runtime.Check(input ? api.SessionGetInputCount(session, &count) : api.SessionGetOutputCount(session, &count), "counting model inputs/outputs");
        IntPtr allocator;
        _runtime.Check(api.GetAllocatorWithDefaultOptions(&allocator), "getting the default allocator");
        var infos = new List<TensorInfo>((int)count);
        for (nuint i = 0; i < count; i++)
        {
            IntPtr namePointer;
            _runtime.Check(input ? api.SessionGetInputName(session, i, allocator, &namePointer) : api.SessionGetOutputName(session, i, allocator, &namePointer), $"reading the name of {(input ? "input" : "output")} {i}");
            string name;
            try
            {
                name = Marshal.PtrToStringUTF8(namePointer) ?? string.Empty;
            }
            finally
            {
                _runtime.Check(api.AllocatorFree(allocator, namePointer), "freeing a name");
            }

            IntPtr typeInfo;
            _runtime.Check(input ? api.SessionGetInputTypeInfo(session, i, &typeInfo) : api.SessionGetOutputTypeInfo(session, i, &typeInfo), $"reading the type of '{name}'");
            using var typeHandle = new OrtHandle(typeInfo, _runtime.Api.ReleaseTypeInfo);
            int onnxType;
            _runtime.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &onnxType), $"reading the ONNX type of '{name}'");
            if (onnxType != OrtEnums.OnnxTypeTensor)
            {
                infos.Add(new TensorInfo(name, TensorElementType.Unknown, []));
                continue;
            }

            IntPtr tensorInfo; // owned by typeInfo
            _runtime.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo), $"reading the tensor type of '{name}'");
            int elementType;
            _runtime.Check(api.GetTensorElementType(tensorInfo, &elementType), $"reading the element type of '{name}'");
            nuint rank;
            _runtime.Check(api.GetDimensionsCount(tensorInfo, &rank), $"reading the rank of '{name}'");
            var dims = new long[(int)rank];
            fixed (long* d = dims)
            {
                _runtime.Check(api.GetDimensions(tensorInfo, d, rank), $"reading the dimensions of '{name}'");
            }

            infos.Add(new TensorInfo(name, OrtElementTypes.FromOrt(elementType), dims));
        }

        return infos;
    }

    private static byte[] Utf8Z(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
