using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
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

    private sealed class DocumentTransformer : IOpenApiDocumentTransformer
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
                    string.Join(", ", AppProblems.All.Select(e => $"`{AppProblems.CodeOf(e)}` ({AppProblems.StatusOf(e)})")) + ".",
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
    }

    private sealed class OperationTransformer : IOpenApiOperationTransformer
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
                        writable.Description = text.Append('.').ToString();
                    }
                }
            }

            return Task.CompletedTask;
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
