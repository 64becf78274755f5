using System.Text.Json;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>
/// Writes the contracts' built-in validation failures (their [Required] and [StringLength] attributes) inside the app
/// API as its own <c>validation_failed</c> problem, the shape every other error of the API has.
/// </summary>
internal sealed class AppValidationProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) =>
        context.ProblemDetails is HttpValidationProblemDetails
        && context.HttpContext.Request.Path.StartsWithSegments(AppApiEndpoints.BasePath, StringComparison.OrdinalIgnoreCase);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        // Field names as the JSON spells them (email, not Email).
        var errors = ((HttpValidationProblemDetails)context.ProblemDetails).Errors
            .ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value);
        return new ValueTask(AppProblems.WriteAsync(context.HttpContext, AppProblems.Validation(errors)));
    }
}
