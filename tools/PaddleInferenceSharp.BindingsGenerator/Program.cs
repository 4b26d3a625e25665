using PaddleInferenceSharp.BindingsGenerator;

// Regenerates bindings/PaddleInferenceSharp.Bindings/Paddle/*.g.cs from a C header (scripts/generate-paddle-bindings).
//   --header <file>    the C header (default: native/include/paddle_inference_c_declarations.h); for a real Paddle
//                      package pass <PADDLE_INFERENCE_ROOT>/paddle/include/pd_inference_api.h
//   --out <dir>        output folder (default: bindings/PaddleInferenceSharp.Bindings/Paddle)
//   --root <dir>       repository root (default: the current directory)
//   --clang <exe>      clang executable (default: clang)
//   --check            compare instead of writing; exit code 1 when a file differs
var options = new Dictionary<string, string>(StringComparer.Ordinal);
var check = false;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--check")
    {
        check = true;
    }
    else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
    {
        options[args[i]] = args[++i];
    }
    else
    {
        Console.Error.WriteLine($"unknown argument '{args[i]}'");
        return 2;
    }
}

var root = Path.GetFullPath(options.GetValueOrDefault("--root", Directory.GetCurrentDirectory()));
var header = Path.GetFullPath(Path.Combine(root, options.GetValueOrDefault("--header", PaddleBindings.DefaultHeader)));
var output = Path.GetFullPath(Path.Combine(root, options.GetValueOrDefault("--out", PaddleBindings.DefaultOutputDirectory)));
var files = PaddleBindings.Generate(header, Path.GetRelativePath(root, header).Replace('\\', '/'), options.GetValueOrDefault("--clang", "clang"));

var stale = 0;
Directory.CreateDirectory(output);
foreach (var (name, content) in files)
{
    var path = Path.Combine(output, name);
    var current = File.Exists(path) ? File.ReadAllText(path) : null;
    if (current == content)
    {
        continue;
    }

    stale++;
    if (check)
    {
        Console.Error.WriteLine($"stale: {path}");
    }
    else
    {
        File.WriteAllText(path, content);
        Console.WriteLine($"wrote {path}");
    }
}

return check && stale > 0 ? 1 : 0;
