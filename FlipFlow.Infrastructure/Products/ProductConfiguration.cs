using FlipFlow.Domain.Products;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Products;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("Products");
        builder.Property(product => product.Sku).HasMaxLength(100);
        builder.HasIndex(product => product.Sku).IsUnique();
        builder.Property(product => product.Title).HasMaxLength(300);
        builder.Property(product => product.Condition).HasConversion<string>().HasMaxLength(20);
        builder.Property(product => product.Price).HasPrecision(18, 2);
        builder.Property(product => product.Currency).HasMaxLength(3);
        builder.Property(product => product.ItemSpecifics).HasJsonConversion();
        builder.HasIndex(product => product.Title);
    }
}
