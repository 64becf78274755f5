using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConnecXPortal.Web.Features.Audit;

internal static class AuditRegistration
{
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, ClientAddressCircuitHandler>());
        return builder;
    }
}
