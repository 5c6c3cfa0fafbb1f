using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Run all:  dotnet run -c Release --project FlipFlow.Benchmarks -- --filter '*'
// Run one:  dotnet run -c Release --project FlipFlow.Benchmarks -- --filter '*Health*'
//
// Benchmarks run in this process: BenchmarkDotNet's generated project for a separate process lacks the
// ASP.NET Core framework reference, so its restore asks the registry for framework packages it lacks.
// Its toolchain applies to every benchmark: the in-process default timeout of 5 minutes for a benchmark's setup and all its
// iterations is too short for the seller backfill over 1,000,000 listings.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(FlipFlow.Benchmarks.BenchmarkDatabase).Assembly).Run(args, config);
