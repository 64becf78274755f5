using ConnecXPortal.Domain.Security;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors;
using ConnecXPortal.Web.Hosting;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.SignIn;

internal static class SignInRegistration
{
    public const string CookieName = "connecx.portal";

    /// <summary>PBKDF2-HMAC-SHA512 iterations of every new password hash (OWASP Password Storage Cheat Sheet).</summary>
    public const int PasswordHashIterations = 210_000;

    public static IHostApplicationBuilder AddSignIn(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        services.AddIdentityCore<PortalUser>(options =>
            {
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;

                // NIST SP 800-63B: length, not composition rules.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;

                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<PortalRole>()
            .AddUserManager<PortalUserManager>()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        // OWASP's current work factor for PBKDF2-HMAC-SHA512 (Identity V3's algorithm). Older hashes are rehashed at the
        // next successful password sign-in (PasswordSignIn), by one conditional UPDATE on the old hash.
        services.Configure<PasswordHasherOptions>(options =>
        {
            options.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
            options.IterationCount = PasswordHashIterations;
        });

        var secureCookies = !builder.Environment.IsDevelopment();
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.LoginPath = SignInPaths.SignIn;
            options.LogoutPath = SignInPaths.SignOut;
            options.AccessDeniedPath = SignInPaths.AccessDenied;
            options.ReturnUrlParameter = "returnUrl";
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = false;
        });

        // The half-signed-in cookie: the password was right, the second factor (or enrolment) is still to come.
        services.AddAuthentication().AddCookie(PendingSignIns.Scheme, options =>
        {
            options.Cookie.Name = PendingSignIns.CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = SecurityTimings.PendingSignIn;
            options.SlidingExpiration = false;
            options.LoginPath = SignInPaths.SignIn;
        });

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, PortalAuthenticationStateProvider>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<SignInFailures>();
        services.AddScoped<ISecondFactorFailures>(sp => sp.GetRequiredService<SignInFailures>());
        services.AddScoped<SignInCompletion>();
        services.AddScoped<PendingSignIns>();
        services.AddScoped<SignInFlow>();
        return builder;
    }
}
