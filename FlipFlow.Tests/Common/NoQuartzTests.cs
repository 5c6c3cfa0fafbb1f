using System.Text.RegularExpressions;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Common;

/// <summary>Hangfire runs every background job; nothing of Quartz.NET, its stand-in before, is left to build or run.</summary>
public sealed partial class NoQuartzTests
{
    [Fact]
    public void No_project_references_a_Quartz_package()
    {
        var references = RepositoryFiles.Sources(".csproj", ".props")
            .Where(path => QuartzPackage().IsMatch(File.ReadAllText(path)))
            .Select(path => Path.GetRelativePath(RepositoryFiles.Root, path));
        Assert.Empty(references);
    }

    [Fact]
    public void No_source_uses_a_Quartz_type()
    {
        var uses = RepositoryFiles.Sources(".cs", ".razor")
            .SelectMany(path => File.ReadLines(path).Select((line, index) => (path, line, index)))
            .Where(hit => QuartzType().IsMatch(hit.line))
            .Select(hit => $"{Path.GetRelativePath(RepositoryFiles.Root, hit.path)}:{hit.index + 1}: {hit.line.Trim()}");
        Assert.Empty(uses);
    }

    [GeneratedRegex("""Include="Quartz[".]""")]
    private static partial Regex QuartzPackage();

    /// <summary>A using of its namespaces, or a name qualified by them (the product name "Quartz.NET" is neither).</summary>
    [GeneratedRegex(@"\busing\s+Quartz\b|\bQuartz\.(?!NET\b)[A-Z]")]
    private static partial Regex QuartzType();
}
