using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FlipFlow.Infrastructure.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Benchmarks.Ingest;

/// <summary>
/// Web shops on this machine for the ingest benchmarks: one Kestrel server listening on <c>hosts</c> ports of 127.0.0.1,
/// each port a shop of its own (a host to FlipFlow's limits, which key on the address's authority, host and port). Every
/// answer comes after <see cref="Latency"/>, as from a shop across the internet. <c>/robots.txt</c> allows everything;
/// <c>/products/&lt;shop&gt;-&lt;n&gt;</c> is a product page carrying a schema.org Product in JSON-LD: a Wonders of the First
/// card by its catalogue name, number and treatment, its price and currency, the shop as seller, and an image, so the shop
/// adapter reads a whole listing. Anything else is 404. Kestrel rather than the tests' bare server: HTTP/1.1 keep-alive, as
/// a real shop answers, so connection reuse is measured as it happens.
/// </summary>
internal sealed class ShopPageServer : IAsyncDisposable
{
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(50);

    private const string Robots = "User-agent: *\nAllow: /\n";

    private readonly WebApplication app;
    private readonly Dictionary<int, int> shopByPort = [];
    private readonly IReadOnlyList<Domain.Catalog.Card> cards = ExistenceCatalogue.Printings;
    private int requests;

    private ShopPageServer(WebApplication app) => this.app = app;

    /// <summary>Each shop's root, "http://127.0.0.1:port", in shop order.</summary>
    public IReadOnlyList<string> Shops { get; private set; } = [];

    /// <summary>Requests answered since the last <see cref="ResetRequests"/>, robots.txt included.</summary>
    public int Requests => Volatile.Read(ref requests);

    public void ResetRequests() => Interlocked.Exchange(ref requests, 0);

    public static async Task<ShopPageServer> StartAsync(int hosts)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Only the listeners below: no appsettings or ASPNETCORE_URLS of the folder the benchmarks run from.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            for (var i = 0; i < hosts; i++)
            {
                kestrel.Listen(IPAddress.Loopback, 0);
            }
        });
        var server = new ShopPageServer(builder.Build());
        server.app.Run(server.AnswerAsync);
        await server.app.StartAsync();
        var ports = server.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(address => new Uri(address).Port).Order().ToList();
        if (ports.Count != hosts)
        {
            throw new InvalidOperationException($"The shop server listens on {ports.Count} ports, not {hosts}.");
        }
        for (var shop = 0; shop < ports.Count; shop++)
        {
            server.shopByPort[ports[shop]] = shop;
        }
        server.Shops = [.. ports.Select(port => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"))];
        return server;
    }

    /// <summary>The address of product <paramref name="n"/> of shop <paramref name="shop"/>.</summary>
    public string Product(int shop, int n) => string.Create(CultureInfo.InvariantCulture, $"{Shops[shop]}/products/{shop}-{n}");

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref requests);
        await Task.Delay(Latency, context.RequestAborted);
        var path = context.Request.Path.Value ?? "/";
        if (path == "/robots.txt")
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(Robots, context.RequestAborted);
            return;
        }
        var shop = shopByPort.GetValueOrDefault(context.Connection.LocalPort, -1);
        var parts = path.StartsWith("/products/", StringComparison.Ordinal) ? path["/products/".Length..].Split('-') : [];
        if (shop < 0 || parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pathShop) || pathShop != shop
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var n) || n < 0)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(Page(shop, n, path), context.RequestAborted);
    }

    private string Page(int shop, int n, string path)
    {
        var card = cards[(shop * 997 + n * 31) % cards.Count];
        var title = $"{card.Name} - Classic Foil ({card.Number}) - Existence";
        var seller = string.Create(CultureInfo.InvariantCulture, $"Benchmark Games {shop + 1}");
        var price = (4.99m + (shop * 13 + n * 7) % 90).ToString("0.00", CultureInfo.InvariantCulture);
        var url = Shops[shop] + path;
        // The product id is unique over all shops: a shop listing is keyed by host and id, and the host of 127.0.0.1:port is 127.0.0.1.
        var product = new Dictionary<string, object>
        {
            ["@context"] = "https://schema.org/",
            ["@type"] = "Product",
            ["name"] = title,
            ["url"] = url,
            ["image"] = new[] { $"/cdn/shop/files/{shop}-{n}-front.jpg" },
            ["sku"] = $"WOTF-{shop}-{n}",
            ["productID"] = $"bench-{shop}-{n}",
            ["brand"] = new Dictionary<string, object> { ["@type"] = "Brand", ["name"] = "Wonders of the First" },
            ["offers"] = new Dictionary<string, object>
            {
                ["@type"] = "Offer",
                ["price"] = price,
                ["priceCurrency"] = "USD",
                ["availability"] = "https://schema.org/InStock",
                ["itemCondition"] = "https://schema.org/NewCondition",
                ["url"] = url,
                ["seller"] = new Dictionary<string, object> { ["@type"] = "Organization", ["name"] = seller },
            },
        };
        // The serializer's default encoder escapes <, > and &, so the JSON cannot close its script element.
        var jsonLd = JsonSerializer.Serialize(product);
        var text = new StringBuilder();
        text.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(WebUtility.HtmlEncode(title)).Append(" &ndash; ").Append(seller).Append("</title>\n")
            .Append("<link rel=\"canonical\" href=\"").Append(url).Append("\">\n")
            .Append("<meta property=\"og:site_name\" content=\"").Append(seller).Append("\">\n")
            .Append("</head>\n<body class=\"template-product\">\n<main>\n<h1 class=\"product__title\">").Append(WebUtility.HtmlEncode(title))
            .Append("</h1>\n<div class=\"price\">$").Append(price).Append(" USD</div>\n")
            .Append("<p>Near Mint, sleeved straight from the pack.</p>\n</main>\n")
            .Append("<script type=\"application/ld+json\">").Append(jsonLd).Append("</script>\n</body>\n</html>\n");
        return text.ToString();
    }
}
