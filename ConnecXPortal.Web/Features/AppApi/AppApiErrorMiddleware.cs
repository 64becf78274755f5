using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace ConnecXPortal.Web.Features.AppApi;

/// <summary>
/// Inside the app API nothing answers without a problem body: an exception becomes 500 <c>server_error</c> (logged,
/// never a stack trace), an unreadable body 400 <c>invalid_request</c>, and a bare status from routing (404, 405, 415)
/// its own code, instead of the portal's HTML error and not-found pages.
/// </summary>
internal sealed class AppApiErrorMiddleware(RequestDelegate next, ILogger<AppApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await AppProblems.WriteAsync(context, Unreadable(e));
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            logger.LogError(e, "The app API failed on {Method} {Path}.", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await AppProblems.WriteAsync(context, AppProblems.Create(AppError.ServerError,
                "Something went wrong on our side. Try again in a few minutes; if it keeps happening, contact connecX support."));
            return;
        }

        if (context.Response.HasStarted || context.Response.StatusCode < 400)
        {
            return;
        }

        var problem = context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => AppProblems.Create(AppError.NotFound, "There is no such call in the app API. See /openapi/app-v1.json."),
            StatusCodes.Status405MethodNotAllowed => AppProblems.Create(AppError.MethodNotAllowed, "This call does not take that HTTP method. See /openapi/app-v1.json."),
            StatusCodes.Status415UnsupportedMediaType => AppProblems.Create(AppError.UnsupportedMediaType, "Send the body as JSON with Content-Type: application/json."),
            StatusCodes.Status400BadRequest => AppProblems.Create(AppError.InvalidRequest, "The request could not be read. Send the body as JSON in the shape the call describes."),
            _ => AppProblems.Create(AppError.ServerError, "Something went wrong on our side. Try again in a few minutes."),
        };
        await AppProblems.WriteAsync(context, problem);
    }

    private static AppProblem Unreadable(BadHttpRequestException e)
    {
        if (e.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return AppProblems.Create(AppError.UnsupportedMediaType, "Send the body as JSON with Content-Type: application/json.");
        }

        var field = e.InnerException is JsonException { Path: { Length: > 1 } path } ? path.TrimStart('$', '.') : null;
        return AppProblems.Create(AppError.InvalidRequest, field is null
            ? "The request body is not JSON in the shape this call takes."
            : $"The request body is not JSON in the shape this call takes: '{field}' has the wrong type.");
    }
}
