namespace FlipFlow.Tests.Support;

/// <summary>The repository's own files, for tests that read them (settings, README, the source tree).</summary>
public static class RepositoryFiles
{
    public static readonly string Root = FindRoot();

    /// <summary>Files under the root with one of the extensions, build output excluded.</summary>
    public static IEnumerable<string> Sources(params string[] extensions) =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(path => extensions.Contains(Path.GetExtension(path)))
            .Where(path => !Path.GetRelativePath(Root, path).Split(Path.DirectorySeparatorChar)
                .Any(folder => folder is "bin" or "obj" or "node_modules" or "BenchmarkDotNet.Artifacts" or ".git"));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "FlipFlow.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No FlipFlow.sln above {AppContext.BaseDirectory}.");
    }
}
