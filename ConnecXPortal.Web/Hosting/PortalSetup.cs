using ConnecXPortal.Web.Components;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Announcements;
using ConnecXPortal.Web.Features.AppApi;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Cutover;
using ConnecXPortal.Web.Features.EmailLinks;
using ConnecXPortal.Web.Features.Enrolment;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Features.Help;
using ConnecXPortal.Web.Features.Manage;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Observability;
using ConnecXPortal.Web.Features.Passwords;
using ConnecXPortal.Web.Features.Retention;
using ConnecXPortal.Web.Features.Security;
using ConnecXPortal.Web.Features.Sessions;
using ConnecXPortal.Web.Features.SignIn;
using ConnecXPortal.Web.Features.Support;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using MudBlazor.Services;

namespace ConnecXPortal.Web.Hosting;

/// <summary>The whole portal's composition: each feature registers and maps itself.</summary>
public static class PortalSetup
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddPortalSettings(builder.Environment);

        var isProduction = builder.Environment.IsProduction();
        builder.Services.AddOptions<PortalOptions>()
            .BindConfiguration(PortalOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicBaseUrl)
                    || (Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
                "Portal:PublicBaseUrl must be an absolute http(s) address such as https://portal.connecx.com.au.")
            .Validate(o => !isProduction || !string.IsNullOrWhiteSpace(o.PublicBaseUrl),
                "Portal:PublicBaseUrl is required in Production: links in emails are built from it.")
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _),
                "Portal:TimeZone is not a time zone this machine knows (use an IANA name such as Australia/Sydney).")
            .ValidateOnStart();

        // Kestrel answers any Host header unless told otherwise; links and passkeys must not follow a forged one.
        builder.Services.AddOptions<HostFilteringOptions>()
            .Validate(o => !isProduction || (o.AllowedHosts.Count > 0 && !o.AllowedHosts.Any(h => h is "*" or "")),
                "AllowedHosts must list the portal's host names in Production (such as portal.connecx.com.au), not * or empty.")
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PortalUrls>();
        builder.Services.AddSingleton<PortalTime>();
        builder.Services.AddSingleton<BrandAssets>();
        builder.Services.AddProblemDetails();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddPortalPolicies();

        builder.AddObservability();
        builder.AddPortalData();
        builder.AddAudit();
        builder.AddCutover();
        builder.AddNotifications();
        builder.AddAnnouncements();
        builder.AddHelp();
        builder.AddThrottling();
        builder.AddSignIn();
        builder.AddFactors();
        builder.AddPasswords();
        builder.AddEmailLinks();
        builder.AddEnrolment();
        builder.AddSessions();
        builder.AddSecurity();
        builder.AddManage();
        builder.AddSupport();
        builder.AddAppApi();
        builder.AddRetention();
        return builder;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseObservability();
        app.UseClientAddresses();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
            app.UseHttpsRedirection();

            // Development tools (the email outbox) do not exist anywhere else.
            app.UseWhen(c => c.Request.Path.StartsWithSegments("/dev"), dev => dev.Run(c =>
            {
                c.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }));
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(app.Services.GetRequiredService<BrandAssets>().Directory),
            RequestPath = BrandAssets.RequestPath,
        });
        app.UseCookiePolicy(new CookiePolicyOptions
        {
            // Every cookie (sign-in, antiforgery, WebAuthn state): never readable by script, never sent on cross-site
            // posts, and only over HTTPS outside Development (the test host and `dotnet run` are plain HTTP).
            HttpOnly = Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy.Always,
            MinimumSameSitePolicy = SameSiteMode.Lax,
            Secure = app.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always,
        });
        app.UseAuthentication();
        app.UseSessionInLogs();
        app.UsePendingSignInGate();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseThrottling();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.UseAppApi();
        app.MapSignIn();
        app.MapEnrolment();
        app.MapManage();
        app.MapAppApi();
        return app;
    }
}
