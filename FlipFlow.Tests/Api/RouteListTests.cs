using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Api;

/// <summary>
/// The checked-in list of every route (FlipFlow.Tests/Api/routes.txt) against the app's endpoint data source: a route
/// added, removed, or given another policy (opened up) without the list changing fails here, with the lines to change.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RouteListTests
{
    private static string ListPath => Path.Combine(RepositoryFiles.Root, "FlipFlow.Tests", "Api", "routes.txt");

    [Fact]
    public async Task Every_route_of_the_app_is_in_the_checked_in_list_with_its_policy_and_nothing_else_is()
    {
        await using var app = await FlipFlowApp.StartAsync();
        var actual = AppRoutes.Of(app.Services).Select(route => route.Line).ToHashSet(StringComparer.Ordinal);
        var listed = File.ReadLines(ListPath).Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#')).ToHashSet(StringComparer.Ordinal);

        var missing = actual.Except(listed).Order(StringComparer.Ordinal).ToList();
        var gone = listed.Except(actual).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0 && gone.Count == 0,
            $"The app's routes differ from {Path.GetRelativePath(RepositoryFiles.Root, ListPath)} (METHOD PATTERN POLICY). "
            + "If the change is meant, edit the list:\n"
            + (missing.Count > 0 ? "Add these lines (the app has them):\n" + string.Join("\n", missing) + "\n" : "")
            + (gone.Count > 0 ? "Remove these lines (the app no longer has them, or their policy changed):\n" + string.Join("\n", gone) + "\n" : ""));
    }
}
