using BenchmarkDotNet.Running;

// Run all:      dotnet run -c Release --project benchmarks/PaddleInferenceSharp.Benchmarks -- --filter '*'
// Run one set:  ... -- --filter '*DbPostProcess*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
