using ConnecXPortal.Domain.Apps;
using ConnecXPortal.Domain.Sessions;
using ConnecXPortal.Web.Features.Audit;
using ConnecXPortal.Web.Features.Observability;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>Marks the calls that need an access token (for the OpenAPI document).</summary>
internal sealed class AppAuthenticatedMetadata;

/// <summary>Marks a call an outdated app may still make (sign-out), so that it is not answered 426.</summary>
internal sealed class AllowOutdatedAppMetadata;

/// <summary>The error codes a call can answer, for the OpenAPI document.</summary>
internal sealed record AppErrorsMetadata(IReadOnlyList<AppError> Errors);

/// <summary>
/// Every call: reads which app is calling from the headers (400 <c>validation_failed</c> naming each bad header) and
/// answers 426 <c>upgrade_required</c> to an app older than its platform's minimum version.
/// </summary>
internal sealed class AppClientFilter(IOptions<AppApiOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var (client, errors) = AppClient.Read(http.Request.Headers, options.Value.BrandNamed);
        if (client is null)
        {
            return AppProblems.Validation(errors).ToResult();
        }

        http.Features.Set(client);
        http.Features.Set(new AuditChannel(client.DisplayName));
        var minimum = options.Value.MinimumVersionFor(client.Client);
        if (!AppVersions.IsSupported(client.AppVersion, minimum) && http.GetEndpoint()?.Metadata.GetMetadata<AllowOutdatedAppMetadata>() is null)
        {
            return UpgradeRequired(client, minimum).ToResult();
        }

        return await next(context);
    }

    /// <summary>The 426 answer, telling the user where to update and to do it by hand when automatic updates are off.</summary>
    public static AppProblem UpgradeRequired(AppClient client, Version minimum)
    {
        var (app, store, device) = client.Client switch
        {
            SessionClient.Android => ("the connecX app", "Google Play", "your phone or tablet"),
            SessionClient.Ios => ("the connecX app", "the App Store", "your iPhone or iPad"),
            _ => ($"the {client.Brand} app", "the App Store or Google Play", "your device"),
        };
        var detail = $"This version of {app} ({client.AppVersionText}) is no longer supported. Update {app} from {store} to version " +
            $"{AppVersions.Display(minimum)} or later to keep using it. If automatic updates are turned off on {device}, open {store} " +
            "and update the app manually first.";
        return AppProblems.Create(AppError.UpgradeRequired, detail) with { MinimumVersion = AppVersions.Display(minimum) };
    }
}

/// <summary>
/// Calls that need a signed-in app: a valid access token for this installation, and a live session (checked on every
/// call, so a session ended by sign-out, the cutover, the user or support stops its access tokens at once).
/// </summary>
internal sealed class AppAuthenticationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        var (caller, problem) = await http.RequestServices.GetRequiredService<AppSessions>()
            .AuthenticateAsync(token, AppClient.Of(http), http.RequestAborted);
        if (problem is not null)
        {
            http.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{AppProblems.CodeOf(problem.Error)}\"";
            return problem.ToResult();
        }

        http.Features.Set(caller);
        RequestLogScope.SetSession(http, caller!.SessionId);
        return await next(context);
    }
}

internal static class AppErrorsEndpointExtensions
{
    /// <summary>Declares the problems a call can answer: their shape for each status, and the codes (for the OpenAPI document).</summary>
    public static RouteHandlerBuilder WithErrors(this RouteHandlerBuilder builder, params AppError[] errors) =>
        builder.Declare([.. errors, AppError.UpgradeRequired, AppError.ServerError]);

    /// <summary>As <see cref="WithErrors"/>, for a call an outdated app may still make (never 426).</summary>
    public static RouteHandlerBuilder WithErrorsForAnyVersion(this RouteHandlerBuilder builder, params AppError[] errors) =>
        builder.WithMetadata(new AllowOutdatedAppMetadata()).Declare([.. errors, AppError.ServerError]);

    private static RouteHandlerBuilder Declare(this RouteHandlerBuilder builder, AppError[] errors)
    {
        AppError[] all = [.. errors.Distinct()];
        builder.WithMetadata(new AppErrorsMetadata(all));
        foreach (var status in all.Select(AppProblems.StatusOf).Distinct().Order())
        {
            builder.Produces<AppProblem>(status, AppProblem.ContentType);
        }

        return builder;
    }
}
