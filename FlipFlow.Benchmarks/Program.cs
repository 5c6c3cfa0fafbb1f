using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Run all:  dotnet run -c Release --project FlipFlow.Benchmarks -- --filter '*'
// Run one:  dotnet run -c Release --project FlipFlow.Benchmarks -- --filter '*Health*'
//
// Benchmarks run in this process: BenchmarkDotNet's generated project for a separate process lacks the
// ASP.NET Core framework reference, so its restore asks the registry for framework packages it lacks.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(FlipFlow.Benchmarks.BenchmarkDatabase).Assembly).Run(args, config);
