using FlipFlow.Domain.Ingest;

namespace FlipFlow.Infrastructure.Ingest.Adapters;

/// <summary>
/// The page adapters an import from addresses chooses from, most specific first: the first that handles an address
/// reads it, so a site's own adapter wins over the shop adapter, which reads any http(s) page and so comes last.
/// </summary>
public sealed class ListingPageAdapters
{
    /// <summary>The adapters FlipFlow ships: eBay's item pages, then any shop.</summary>
    public static ListingPageAdapters Default { get; } = new();

    public ListingPageAdapters()
        : this([new EbayItemPageAdapter(), new ShopPageAdapter()])
    {
    }

    public ListingPageAdapters(IReadOnlyList<IListingPageAdapter> adapters)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        All = adapters;
    }

    /// <summary>The adapters in the order they are tried.</summary>
    public IReadOnlyList<IListingPageAdapter> All { get; }

    /// <summary>The adapter that reads pages at this address.</summary>
    /// <exception cref="ArgumentException">No adapter reads it: it is not an absolute http(s) address.</exception>
    public IListingPageAdapter For(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return All.FirstOrDefault(adapter => adapter.Handles(address))
            ?? throw new ArgumentException($"No page adapter reads {address}: only absolute http and https addresses are read.", nameof(address));
    }
}
