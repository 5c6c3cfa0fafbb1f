using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Market.Demo;

namespace FlipFlow.Benchmarks.Market;

/// <summary>
/// Title parsing against the 437 Existence printings: 10,000 titles of the demo market (cards in every treatment, misspellings,
/// graded slabs, sealed product, bulk lots, other games). Titles per second = 10,000 ÷ the mean.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class TitleParserBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(1).WithIterationCount(10));
    }

    public const int Titles = 10_000;

    private TitleParser parser = default!;
    private string[] titles = [];

    [GlobalSetup]
    public void Setup()
    {
        parser = new TitleParser(ExistenceCatalogue.Printings);
        titles = [.. new DemoMarket(ExistenceCatalogue.Printings).ListedBetween(0, 200).Select(listing => listing.Title).Take(Titles)];
        if (titles.Length != Titles)
        {
            throw new InvalidOperationException($"The demo market gave {titles.Length} titles.");
        }
    }

    [Benchmark(Description = "Parse 10,000 demo market titles")]
    public int Parse()
    {
        var cards = 0;
        foreach (var title in titles)
        {
            cards += parser.Parse(title).Card is null ? 0 : 1;
        }
        return cards;
    }
}
