using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Products;

public static class ProductsRegistration
{
    public static IServiceCollection AddFlipFlowProducts(this IServiceCollection services) => services
        .AddSingleton<ProductCatalog>()
        .AddSingleton<DemoProducts>();
}
