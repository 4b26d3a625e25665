using System.Reflection;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Engine;

/// <summary>
/// Finds the engines an application can use and creates them. An engine is available when its package is
/// referenced (<c>PaddleInferenceSharp.OnnxRuntime</c>, <c>PaddleInferenceSharp.Paddle</c>: their assemblies
/// carry an <see cref="InferenceEngineProviderAttribute"/>) or its provider was given to <see cref="Register"/>.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class InferenceEngines
{
    // The engine packages of this project, loaded by name when the application references them.
    private static readonly string[] KnownAssemblies = ["PaddleInferenceSharp.OnnxRuntime", "PaddleInferenceSharp.Paddle"];
    private static readonly object Gate = new();
    private static readonly List<IInferenceEngineProvider> Registered = [];
    private static IReadOnlyList<IInferenceEngineProvider>? _discovered;

    /// <summary>The engine names the CLI's <c>--engine</c> accepts, in the order of <see cref="Parse"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["onnxruntime", "paddle", "auto"];

    /// <summary>Parses an engine name as the CLI spells it (<c>onnxruntime</c>, <c>paddle</c>, <c>auto</c>; <c>default</c>).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the accepted ones.</exception>
    public static InferenceEngineKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "onnxruntime" or "ort" => InferenceEngineKind.OnnxRuntime,
            "paddle" or "paddle_inference" => InferenceEngineKind.Paddle,
            "auto" => InferenceEngineKind.Auto,
            "default" or "" => InferenceEngineKind.Default,
            _ => throw new ArgumentException($"Unknown engine '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>The CLI spelling of <paramref name="kind"/>.</summary>
    public static string NameOf(InferenceEngineKind kind) => kind switch
    {
        InferenceEngineKind.OnnxRuntime => "onnxruntime",
        InferenceEngineKind.Paddle => "paddle",
        InferenceEngineKind.Auto => "auto",
        _ => "default",
    };

    /// <summary>Adds a provider; it takes precedence over a discovered one of the same kind.</summary>
    public static void Register(IInferenceEngineProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        lock (Gate)
        {
            Registered.Insert(0, provider);
        }
    }

    /// <summary>The engine kinds available to this application (registered or referenced), ONNX Runtime first.</summary>
    public static IReadOnlyList<InferenceEngineKind> Available
    {
        get
        {
            var kinds = new List<InferenceEngineKind>();
            foreach (var kind in new[] { InferenceEngineKind.OnnxRuntime, InferenceEngineKind.Paddle })
            {
                if (Find(kind) is not null)
                {
                    kinds.Add(kind);
                }
            }

            return kinds;
        }
    }

    /// <summary>Creates an engine of <paramref name="kind"/>.</summary>
    /// <param name="kind">
    /// The engine; <see cref="InferenceEngineKind.Default"/> takes the referenced one (ONNX Runtime when both are),
    /// except that a device other than the CPU (<see cref="InferenceEngineOptions.Device"/>) takes Paddle Inference,
    /// the engine that serves GPUs, XPUs and custom devices.
    /// </param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <exception cref="InferenceEngineNotInstalledException">No package of that engine is referenced.</exception>
    /// <exception cref="NativeLibraryNotFoundException">The engine's native library cannot be loaded.</exception>
    public static IInferenceEngine Create(InferenceEngineKind kind, InferenceEngineOptions? options = null)
    {
        options ??= new InferenceEngineOptions();
        var logger = options.LoggerFactory?.CreateLogger("PaddleInferenceSharp.Engine");
        switch (kind)
        {
            case InferenceEngineKind.OnnxRuntime:
            case InferenceEngineKind.Paddle:
                return Require(kind).Create(options);
            case InferenceEngineKind.Default when !options.Device.IsCpu:
            case InferenceEngineKind.Auto when !options.Device.IsCpu:
                return (Find(InferenceEngineKind.Paddle) ?? throw new InferenceEngineNotInstalledException(InferenceEngineKind.Paddle, options.Device)).Create(options);
            case InferenceEngineKind.Default:
                var available = Available;
                if (available.Count == 0)
                {
                    throw new InferenceEngineNotInstalledException(null);
                }

                return Require(available[0]).Create(options);
            case InferenceEngineKind.Auto:
                return CreateAuto(options, logger);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an engine kind.");
        }
    }

    private static IInferenceEngine CreateAuto(InferenceEngineOptions options, ILogger? logger)
    {
        if (Find(InferenceEngineKind.Paddle) is { } paddle)
        {
            try
            {
                var engine = paddle.Create(options);
                logger?.LogInformation("--engine auto: using {Runtime}", engine.RuntimeDescription);
                return engine;
            }
            catch (Exception ex) when (ex is InferenceEngineException or NativeLibraryNotFoundException)
            {
                logger?.LogWarning("--engine auto: Paddle Inference is not available, falling back to ONNX Runtime. {Reason}", ex.Message);
            }
        }
        else
        {
            logger?.LogWarning("--engine auto: the Paddle Inference engine package (PaddleInferenceSharp.Paddle) is not referenced; using ONNX Runtime.");
        }

        return Require(InferenceEngineKind.OnnxRuntime).Create(options);
    }

    private static IInferenceEngineProvider Require(InferenceEngineKind kind) =>
        Find(kind) ?? throw new InferenceEngineNotInstalledException(kind);

    private static IInferenceEngineProvider? Find(InferenceEngineKind kind)
    {
        lock (Gate)
        {
            foreach (var provider in Registered)
            {
                if (provider.Kind == kind)
                {
                    return provider;
                }
            }

            _discovered ??= Discover();
            foreach (var provider in _discovered)
            {
                if (provider.Kind == kind)
                {
                    return provider;
                }
            }

            return null;
        }
    }

    private static List<IInferenceEngineProvider> Discover()
    {
        var providers = new List<IInferenceEngineProvider>();
        var assemblies = new List<Assembly>(AppDomain.CurrentDomain.GetAssemblies());
        foreach (var name in KnownAssemblies)
        {
            if (assemblies.Exists(a => a.GetName().Name == name))
            {
                continue;
            }

            try
            {
                assemblies.Add(Assembly.Load(new AssemblyName(name)));
            }
            catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                // The application does not reference that engine package.
            }
        }

        foreach (var assembly in assemblies)
        {
            if (assembly.IsDynamic)
            {
                continue;
            }

            foreach (var attribute in assembly.GetCustomAttributes<InferenceEngineProviderAttribute>())
            {
                providers.Add((IInferenceEngineProvider)Activator.CreateInstance(attribute.ProviderType)!);
            }
        }

        return providers;
    }
}
