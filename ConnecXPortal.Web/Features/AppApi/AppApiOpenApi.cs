using System.Text;
using System.Text.Json.Nodes;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>The OpenAPI document of the apps' API (<c>/openapi/app-v1.json</c>): title, the bearer scheme, the app headers and each call's error codes.</summary>
internal static class AppApiOpenApi
{
    public const string Path = "/openapi/{documentName}.json";
    public const string BearerScheme = "bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = description => description.GroupName == AppApiEndpoints.DocumentName;
        options.AddDocumentTransformer<DocumentTransformer>();
        options.AddOperationTransformer<OperationTransformer>();
    }

    private sealed class DocumentTransformer(IOptions<RateLimitOptions> limits) : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Info = new OpenApiInfo
            {
                Title = "connecX app session API",
                Version = "v1",
                Description = "Sign-in, second factor, enrolment, refresh and sign-out for the connecX Android, iOS and white-label apps. " +
                    "Every call sends the app headers (X-Device-Id, X-App-Platform, X-App-Version, and X-App-Brand for white-label apps). " +
                    "Every error is application/problem+json with a stable code in `error`: " +
                    string.Join(", ", AppProblems.All.Select(e => $"`{AppProblems.CodeOf(e)}` ({AppProblems.StatusOf(e)})")) + ". " +
                    "Calls are limited per client address (an IPv4 address or an IPv6 /64) and per account, in the same buckets as the " +
                    "portal's forms: sign-in " + Describe(limits.Value.SignIn) + "; second factor and enrolment steps " +
                    Describe(limits.Value.SecondFactor) + "; emailed codes " + Describe(limits.Value.EmailCodes) + "; token refresh " +
                    $"{limits.Value.AppRefresh.PerAddress} per address per {Minutes(limits.Value.AppRefresh.Window)}. Each limit allows that many " +
                    "at once, then one more every window / limit. A refused call answers 429 `too_many_attempts` with `retryAfter` " +
                    "(seconds) and the Retry-After header.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The accessToken from a sign-in or refresh (opaque, 15 minutes).",
            };
            return Task.CompletedTask;
        }

        private static string Describe(RateLimit limit) =>
            $"{limit.PerAccount} per account and {limit.PerAddress} per address per {Minutes(limit.Window)}";

        private static string Minutes(TimeSpan window) => window.TotalMinutes == 1 ? "minute" : $"{window.TotalMinutes:0.##} minutes";
    }

    private sealed class OperationTransformer(IOptions<RateLimitOptions> limits) : IOpenApiOperationTransformer
    {
        public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            operation.Parameters ??= [];
            operation.Parameters.Add(Header(AppClient.DeviceIdHeader, required: true, "The app installation's id (stable across app starts; new after a reinstall)."));
            operation.Parameters.Add(Header(AppClient.PlatformHeader, required: true, "The app: android, ios or white-label.", "android", "ios", "white-label"));
            operation.Parameters.Add(Header(AppClient.VersionHeader, required: true, "The app's version, such as 3.2.0."));
            operation.Parameters.Add(Header(AppClient.BrandHeader, required: false, "White-label apps only: the brand, one of those this deployment serves (AppApi:Brands), such as Acme Living. The connecX apps send none."));

            if (metadata.OfType<AppAuthenticatedMetadata>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
            }

            if (metadata.OfType<AppErrorsMetadata>().LastOrDefault() is { } errors && operation.Responses is { } responses)
            {
                foreach (var group in errors.Errors.GroupBy(AppProblems.StatusOf))
                {
                    if (responses.TryGetValue(group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) && response is OpenApiResponse writable)
                    {
                        var text = new StringBuilder("Problem details; error: ");
                        text.AppendJoin(", ", group.Select(e => $"`{AppProblems.CodeOf(e)}`"));
                        text.Append('.');
                        if (group.Contains(AppError.TooManyAttempts) && LimitOf(metadata) is { } limit)
                        {
                            text.Append(' ').Append(limit);
                        }

                        writable.Description = text.ToString();
                    }
                }
            }

            return Task.CompletedTask;
        }

        /// <summary>The limit of a call, for its 429 response.</summary>
        private string? LimitOf(IList<object> metadata)
        {
            var value = limits.Value;
            var (what, limit) = metadata.OfType<EnableRateLimitingAttribute>().LastOrDefault()?.PolicyName switch
            {
                AppApiRateLimits.SignIn => ("sign-in attempts", value.SignIn),
                AppApiRateLimits.SecondFactor => ("second-factor steps", value.SecondFactor),
                AppApiRateLimits.Refresh => ("refreshes", new RateLimit { PerAddress = value.AppRefresh.PerAddress, Window = value.AppRefresh.Window }),
                _ => ("requests for a code", value.EmailCodes),
            };
            var beyond = limit.PerAccount > 0
                ? $"{limit.PerAccount} {what} per account or {limit.PerAddress} per client address"
                : $"{limit.PerAddress} {what} per client address";
            return $"`too_many_attempts` beyond {beyond} in {limit.Window.TotalMinutes:0.##} minutes (a burst of that many, then one more " +
                "every window / limit); `retryAfter` says when to try again.";
        }

        private static OpenApiParameter Header(string name, bool required, string description, params string[] values) => new()
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = required,
            Description = description,
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = values.Length == 0 ? null : [.. values.Select(v => (JsonNode)JsonValue.Create(v))],
            },
        };
    }
}
