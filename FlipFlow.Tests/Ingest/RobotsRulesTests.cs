using FlipFlow.Domain.Ingest;

namespace FlipFlow.Tests.Ingest;

public sealed class RobotsRulesTests
{
    private const string Token = "FlipFlow";

    private static bool Allows(string robots, string path) => RobotsRules.Parse(robots, Token).Allows(path);

    [Theory]
    // The longest matching pattern wins, whichever kind it is.
    [InlineData("User-agent: *\nDisallow: /shop\nAllow: /shop/cards", "/shop/cards/1", true)]
    [InlineData("User-agent: *\nDisallow: /shop\nAllow: /shop/cards", "/shop/boxes/1", false)]
    [InlineData("User-agent: *\nAllow: /shop\nDisallow: /shop/drafts", "/shop/drafts/1", false)]
    [InlineData("User-agent: *\nDisallow: /shop\nAllow: /shop/cards", "/about", true)]
    // Allow wins a tie.
    [InlineData("User-agent: *\nDisallow: /p\nAllow: /p", "/p/1", true)]
    [InlineData("User-agent: *\nDisallow: /p*\nAllow: /p$", "/p", true)]
    // "*" is any run of characters, "$" ends the path.
    [InlineData("User-agent: *\nDisallow: /*.pdf$", "/docs/price-list.pdf", false)]
    [InlineData("User-agent: *\nDisallow: /*.pdf$", "/docs/price-list.pdf?v=2", true)]
    [InlineData("User-agent: *\nDisallow: /*.pdf$", "/docs/price-list.pdfx", true)]
    [InlineData("User-agent: *\nDisallow: /*?sort=", "/cards?sort=price", false)]
    [InlineData("User-agent: *\nDisallow: /*?sort=", "/cards?page=2", true)]
    [InlineData("User-agent: *\nDisallow: /a*b*c", "/a-x-b-y-c", false)]
    [InlineData("User-agent: *\nDisallow: /a*b*c", "/a-x-c-y-b", true)]
    [InlineData("User-agent: *\nDisallow: /$", "/", false)]
    [InlineData("User-agent: *\nDisallow: /$", "/cards", true)]
    [InlineData("User-agent: *\nDisallow: *", "/cards", false)]
    // An empty Disallow allows everything; a pattern without its leading slash is read from the root.
    [InlineData("User-agent: *\nDisallow:", "/cards", true)]
    [InlineData("User-agent: *\nDisallow: private", "/private/1", false)]
    // Percent-encoding is compared normalised: unreserved characters decoded, the rest in upper case, non-ASCII as UTF-8.
    [InlineData("User-agent: *\nDisallow: /%7Euser", "/~user/cards", false)]
    [InlineData("User-agent: *\nDisallow: /~user", "/%7euser/cards", false)]
    [InlineData("User-agent: *\nDisallow: /caf%c3%a9", "/café/menu", false)]
    [InlineData("User-agent: *\nDisallow: /café", "/caf%C3%A9/menu", false)]
    [InlineData("User-agent: *\nDisallow: /a%2Fb", "/a/b", true)]
    [InlineData("User-agent: *\nDisallow: /a%2fb", "/a%2Fb", false)]
    // Comments, blank lines, unknown keys and rules before any group are ignored.
    [InlineData("Disallow: /cards\nUser-agent: *\nDisallow: /boxes", "/cards", true)]
    [InlineData("User-agent: * # everyone\n\nDisallow: /cards # not these\nSitemap: https://shop.example/s.xml\nNoindex: /x\nDisallow: /boxes", "/boxes", false)]
    [InlineData("User-agent: *\nDisallow: /cards # not these", "/cards", false)]
    [InlineData("# Disallow: /cards\nUser-agent: *\nAllow: /", "/cards", true)]
    [InlineData("user-AGENT: *\nDISALLOW: /cards", "/cards/1", false)]
    // robots.txt itself is always allowed; an empty path is the root.
    [InlineData("User-agent: *\nDisallow: /", "/robots.txt", true)]
    [InlineData("User-agent: *\nDisallow: /", "", false)]
    [InlineData("User-agent: *\nDisallow: /cards", "cards/1", false)]
    public void A_path_is_allowed_by_the_longest_matching_rule(string robots, string path, bool allowed)
    {
        Assert.Equal(allowed, Allows(robots, path));
    }

    private const string TwoGroups = """
        User-agent: *
        Disallow: /private

        User-agent: FlipFlow
        Disallow: /drafts
        Crawl-delay: 3
        """;

    [Theory]
    [InlineData(TwoGroups, "/drafts/1", false)]
    [InlineData(TwoGroups, "/private/1", true)]
    [InlineData("User-agent: flipflow\nDisallow: /drafts\n\nUser-agent: *\nDisallow: /", "/cards", true)]
    [InlineData("User-agent: FlipFlow/1.0\nDisallow: /drafts\n\nUser-agent: *\nDisallow: /", "/cards", true)]
    // Another crawler's name that starts with ours is not ours.
    [InlineData("User-agent: FlipFlowBot\nDisallow: /\n\nUser-agent: *\nDisallow: /private", "/cards", true)]
    [InlineData("User-agent: FlipFlowBot\nDisallow: /\n\nUser-agent: *\nDisallow: /private", "/private", false)]
    // Several User-agent lines share one group; every group naming FlipFlow is followed, combined.
    [InlineData("User-agent: Googlebot\nUser-agent: FlipFlow\nDisallow: /drafts\n\nUser-agent: *\nDisallow: /", "/drafts", false)]
    [InlineData("User-agent: FlipFlow\nDisallow: /drafts\n\nUser-agent: *\nDisallow: /\n\nUser-agent: FlipFlow\nDisallow: /boxes", "/boxes", false)]
    [InlineData("User-agent: FlipFlow\nDisallow: /drafts\n\nUser-agent: *\nDisallow: /\n\nUser-agent: FlipFlow\nDisallow: /boxes", "/cards", true)]
    // A group of one crawler ends at the next User-agent line after its rules.
    [InlineData("User-agent: Googlebot\nDisallow: /\nUser-agent: FlipFlow\nDisallow: /drafts", "/cards", true)]
    // With no group for FlipFlow nor for every crawler, everything is allowed.
    [InlineData("User-agent: Googlebot\nDisallow: /", "/cards", true)]
    [InlineData("", "/cards", true)]
    public void The_group_naming_FlipFlow_is_followed_else_the_one_for_every_crawler(string robots, string path, bool allowed)
    {
        Assert.Equal(allowed, Allows(robots, path));
    }

    [Theory]
    [InlineData(TwoGroups, 3.0)]
    [InlineData("User-agent: *\nCrawl-delay: 2.5\nDisallow: /x", 2.5)]
    [InlineData("User-agent: Googlebot\nCrawl-delay: 10\n\nUser-agent: *\nDisallow: /x", null)]
    [InlineData("User-agent: *\nCrawl-delay: soon", null)]
    [InlineData("User-agent: *\nCrawl-delay: -1", null)]
    [InlineData("User-agent: *\nCrawl-delay: 1e12", 86_400.0)]
    public void The_crawl_delay_of_the_group_followed_is_read(string robots, double? seconds)
    {
        var policy = RobotsRules.Parse(robots, Token);

        Assert.Equal(seconds is { } value ? TimeSpan.FromSeconds(value) : null, policy.CrawlDelay);
    }

    [Fact]
    public void Allow_all_allows_every_path_and_disallow_all_only_robots_txt()
    {
        Assert.True(RobotsPolicy.AllowAll.Allows("/anything?at=all"));
        Assert.False(RobotsPolicy.DisallowAll.Allows("/"));
        Assert.False(RobotsPolicy.DisallowAll.Allows("/cards/1"));
        Assert.True(RobotsPolicy.DisallowAll.Allows("/robots.txt"));
    }

    [Fact]
    public void A_byte_order_mark_and_windows_line_ends_do_not_hide_the_first_group()
    {
        Assert.False(Allows("\uFEFFUser-agent: *\r\nDisallow: /cards\r\n", "/cards"));
    }
}
