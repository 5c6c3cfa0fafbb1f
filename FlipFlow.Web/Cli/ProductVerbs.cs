using System.CommandLine;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Products;

namespace FlipFlow.Web.Cli;

/// <summary><c>products import-demo --count N</c>.</summary>
public static class ProductVerbs
{
    public static Command Create(CliContext context)
    {
        var count = new Option<int>("--count") { Description = $"How many demo products there should be (1 to {DemoProducts.Available}).", DefaultValueFactory = _ => 200 };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 || result.GetValueOrDefault<int>() > DemoProducts.Available)
            {
                result.AddError($"--count must be between 1 and {DemoProducts.Available}, the size of the demo catalogue.");
            }
        });
        var importDemo = new Command("import-demo",
            "Add demo products made from the Wonders of the First \"Existence\" card catalogue: the first N, those not there yet.") { count };
        importDemo.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var import = await host.Services.GetRequiredService<DemoProducts>().ImportAsync(parsed.GetValue(count), cancellationToken);
            context.Output.WriteLine($"Created {import.Created} demo product{(import.Created == 1 ? "" : "s")} ({import.AlreadyThere} already there).");
            return FlipFlowCli.Ok;
        });
        return new Command("products", "Manage products.") { importDemo };
    }
}
