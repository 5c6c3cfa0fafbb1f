using System.Security.Cryptography;
using System.Text;
using FlipFlow.Domain.Market;

namespace FlipFlow.Domain.Ingest;

/// <summary>
/// What an imported listing is known by among the market's listings, so that importing it again updates it: its platform
/// and the platform's item id. A shop's product id is only unique within the shop, so it is kept with the shop's host;
/// a page without an id is known by its canonical address. A key longer than the column is shortened to a SHA-256 of it,
/// which is as unique and stays the same on every import.
/// </summary>
public static class IngestListingKey
{
    public static (MarketPlatform Platform, string ExternalId) For(PageListing page, Uri canonicalAddress)
    {
        var id = page.ItemId?.Trim();
        var key = (page.Platform, id) switch
        {
            (MarketPlatform.Shop, { Length: > 0 }) => $"{canonicalAddress.Host}/{id}",
            (_, { Length: > 0 }) => id,
            _ => canonicalAddress.AbsoluteUri,
        };
        return (page.Platform, key.Length <= MarketListing.ExternalIdMaxLength ? key : Hashed(key));
    }

    private static string Hashed(string key) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
