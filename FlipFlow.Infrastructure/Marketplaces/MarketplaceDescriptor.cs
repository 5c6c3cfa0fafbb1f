using FlipFlow.Domain.Marketplaces;

namespace FlipFlow.Infrastructure.Marketplaces;

/// <summary>One thing an Admin enters to connect a marketplace. Secret fields are write-only.</summary>
/// <param name="Name">The key in <see cref="MarketplaceConnection.Settings"/> or in the protected secrets.</param>
public sealed record ConnectionField(string Name, string Label, bool Secret, bool Required, string? Default = null, string? Help = null);

/// <summary>What FlipFlow knows of a marketplace before it is connected: what connecting it takes.</summary>
/// <param name="NeedsCredentials">False for Demo, which lives inside FlipFlow and is always connected.</param>
public sealed record MarketplaceDescriptor(Marketplace Marketplace, bool NeedsCredentials, IReadOnlyList<ConnectionField> Fields);
