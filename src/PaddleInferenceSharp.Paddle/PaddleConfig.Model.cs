using PaddleInferenceSharp.Bindings.Paddle;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Paddle;

// Model location: program and parameter files, a model directory, a model in memory, the optimisation cache.
public sealed unsafe partial class PaddleConfig
{
    /// <summary>A config for a model directory: <c>inference.json</c>/<c>inference.pdmodel</c> with <c>.pdiparams</c>, or a non-combined directory (one file per parameter).</summary>
    /// <exception cref="ModelLoadException">The directory is missing, or holds a PIR program and the library is 2.x.</exception>
    public static PaddleConfig FromModelDirectory(string directory, PaddleInferenceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new ModelLoadException($"Model directory '{full}' does not exist.", full);
        }

        var config = new PaddleConfig(options);
        try
        {
            var model = Directory.GetFiles(full, "*.json").Length + Directory.GetFiles(full, "*.pdmodel").Length > 0 ? ModelSource.FromDirectory(full) : null;
            if (model?.PaddleProgramPath is not null && model.PaddleParamsPath is not null)
            {
                config.SetModel(model.PaddleProgramPath, model.PaddleParamsPath);
            }
            else
            {
                config.SetModelDirectory(full);
            }

            return config;
        }
        catch
        {
            config.Dispose();
            throw;
        }
    }

    /// <summary>A config for a program file (<c>.json</c> PIR or <c>.pdmodel</c>) and its combined parameters file.</summary>
    public static PaddleConfig FromModelFiles(string programFile, string paramsFile, PaddleInferenceOptions? options = null)
    {
        var config = new PaddleConfig(options);
        try
        {
            config.SetModel(programFile, paramsFile);
            return config;
        }
        catch
        {
            config.Dispose();
            throw;
        }
    }

    /// <summary>A config for a model held in memory (program bytes and combined parameter bytes).</summary>
    public static PaddleConfig FromMemory(ReadOnlySpan<byte> program, ReadOnlySpan<byte> parameters, PaddleInferenceOptions? options = null)
    {
        var config = new PaddleConfig(options);
        config.SetModelBuffer(program, parameters);
        return config;
    }

    /// <summary>Sets a combined model: program file and parameters file (<c>PD_ConfigSetModel</c>).</summary>
    /// <remarks>A <c>.json</c> program is a PIR program: Paddle 3.x selects its PIR loader by that suffix; 2.x cannot read it.</remarks>
    /// <exception cref="ModelLoadException">A file is missing, or the program is PIR and the library is 2.x.</exception>
    public void SetModel(string programFile, string paramsFile)
    {
        var program = ExistingFile(programFile, "program");
        var parameters = ExistingFile(paramsFile, "parameters");
        CheckProgramFormat(program);
        using var strings = new NativeUtf8Strings([program, parameters]);
        using var c = Use();
        PaddleNative.PD_ConfigSetModel(c.Pointer, strings.Array[0], strings.Array[1]);
    }

    /// <summary>Sets the program file alone (<c>PD_ConfigSetProgFile</c>).</summary>
    public void SetProgramFile(string programFile)
    {
        var program = ExistingFile(programFile, "program");
        CheckProgramFormat(program);
        using var s = NativeUtf8Strings.Of(program);
        using var c = Use();
        PaddleNative.PD_ConfigSetProgFile(c.Pointer, s.First);
    }

    /// <summary>Sets the combined parameters file alone (<c>PD_ConfigSetParamsFile</c>).</summary>
    public void SetParamsFile(string paramsFile)
    {
        using var s = NativeUtf8Strings.Of(ExistingFile(paramsFile, "parameters"));
        using var c = Use();
        PaddleNative.PD_ConfigSetParamsFile(c.Pointer, s.First);
    }

    /// <summary>Sets a non-combined model directory (<c>PD_ConfigSetModelDir</c>).</summary>
    public void SetModelDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new ModelLoadException($"Model directory '{full}' does not exist.", full);
        }

        using var s = NativeUtf8Strings.Of(full);
        using var c = Use();
        PaddleNative.PD_ConfigSetModelDir(c.Pointer, s.First);
    }

    /// <summary>Sets where optimised programs are cached (<c>PD_ConfigSetOptimCacheDir</c>).</summary>
    public void SetOptimCacheDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        using var s = NativeUtf8Strings.Of(Path.GetFullPath(directory));
        using var c = Use();
        PaddleNative.PD_ConfigSetOptimCacheDir(c.Pointer, s.First);
    }

    /// <summary>Loads the model from memory (<c>PD_ConfigSetModelBuffer</c>); Paddle copies the buffers.</summary>
    public void SetModelBuffer(ReadOnlySpan<byte> program, ReadOnlySpan<byte> parameters)
    {
        if (program.IsEmpty)
        {
            throw new ArgumentException("The program buffer is empty.", nameof(program));
        }

        using var c = Use();
        fixed (byte* p = program)
        fixed (byte* q = parameters)
        {
            PaddleNative.PD_ConfigSetModelBuffer(c.Pointer, p, (nuint)program.Length, q, (nuint)parameters.Length);
        }
    }

    /// <summary>The model directory set (empty when none).</summary>
    public string ModelDirectory => ReadBorrowed(&PaddleNative.PD_ConfigGetModelDir);

    /// <summary>The program file set (empty when none).</summary>
    public string ProgramFile => ReadBorrowed(&PaddleNative.PD_ConfigGetProgFile);

    /// <summary>The parameters file set (empty when none).</summary>
    public string ParamsFile => ReadBorrowed(&PaddleNative.PD_ConfigGetParamsFile);

    /// <summary>Whether the model comes from memory.</summary>
    public bool IsModelFromMemory => Flag(&PaddleNative.PD_ConfigModelFromMemory);

    private void CheckProgramFormat(string program)
    {
        if (program.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !Library.SupportsPir)
        {
            throw new ModelLoadException(
                $"'{program}' is a PIR program (Paddle 3.x export), but the loaded library is {Library.Description}, which cannot read PIR programs. "
                + "Install a Paddle Inference 3.x C library (build it with native/: -DPADDLE_BUILD_FROM_SOURCE=ON), use a classic inference.pdmodel export, or use --engine onnxruntime.",
                program);
        }
    }
}
