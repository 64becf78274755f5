using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Infrastructure;

internal static class ServiceCollectionDecorate
{
    /// <summary>Wraps every registration of <typeparamref name="TService"/>, keeping its lifetime.</summary>
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, IServiceProvider, TService> decorate)
        where TService : class
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(TService) || descriptor.IsKeyedService)
            {
                continue;
            }

            services[i] = ServiceDescriptor.Describe(typeof(TService), sp => decorate(Resolve<TService>(sp, descriptor), sp), descriptor.Lifetime);
        }

        return services;
    }

    private static TService Resolve<TService>(IServiceProvider sp, ServiceDescriptor descriptor) where TService : class =>
        descriptor switch
        {
            { ImplementationInstance: TService instance } => instance,
            { ImplementationFactory: { } factory } => (TService)factory(sp),
            { ImplementationType: { } type } => (TService)ActivatorUtilities.CreateInstance(sp, type),
            _ => throw new InvalidOperationException($"Cannot decorate {typeof(TService).Name}."),
        };
}
