namespace ConnecXPortal.Web.Features.EmailLinks;

internal static class EmailLinksRegistration
{
    public static IHostApplicationBuilder AddEmailLinks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AccountLinks>();
        return builder;
    }
}
