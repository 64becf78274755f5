using System.Collections;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.WebUtilities;

namespace ConnecXPortal.Web.Features.Observability;

/// <summary>
/// The logging scope of one request: its trace id, and the session it belongs to once that is known (the portal
/// cookie after authentication, the app's access token in the app API's filter). Every log line written while the
/// request runs carries both, so one resident's trouble can be followed across lines and instances.
/// </summary>
public sealed class RequestLogScope(string traceId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string TraceId { get; } = traceId;

    public Guid? SessionId { get; private set; }

    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("TraceId", TraceId),
        1 => new("SessionId", SessionId?.ToString()),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>Names the session of the current request in its log lines.</summary>
    public static void SetSession(HttpContext context, Guid sessionId)
    {
        if (context.Features.Get<RequestLogScope>() is { } scope)
        {
            scope.SessionId = sessionId;
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"TraceId:{TraceId} SessionId:{SessionId}";

    internal static IApplicationBuilder UseRequestLogScope(IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("ConnecXPortal.Requests");
        return app.Use(async (context, next) =>
        {
            var scope = new RequestLogScope(Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier);
            context.Features.Set(scope);
            using (logger.BeginScope(scope))
            {
                await next(context);
            }
        });
    }
}

/// <summary>
/// Query strings as logged: only the values of parameters known to carry nothing secret or personal are kept; every
/// other value (activation and reset link tokens, codes, searched email addresses) is replaced.
/// </summary>
public static class LogRedaction
{
    public const string Redacted = "[redacted]";

    private static readonly HashSet<string> SafeParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "status", "method", "next", "reason", "type", "page", "handler",
    };

    public static string Query(QueryString query)
    {
        if (!query.HasValue)
        {
            return "";
        }

        var builder = new StringBuilder();
        foreach (var (name, values) in QueryHelpers.ParseQuery(query.Value))
        {
            foreach (var value in values)
            {
                builder.Append(builder.Length == 0 ? '?' : '&')
                    .Append(Uri.EscapeDataString(name))
                    .Append('=')
                    .Append(SafeParameters.Contains(name) ? Uri.EscapeDataString(value ?? "") : Redacted);
            }
        }

        return builder.ToString();
    }
}

/// <summary>The request log (ASP.NET Core HTTP logging) writes the query string through <see cref="LogRedaction"/>.</summary>
internal sealed class RedactingHttpLoggingInterceptor : IHttpLoggingInterceptor
{
    public ValueTask OnRequestAsync(HttpLoggingInterceptorContext logContext)
    {
        if (logContext.TryDisable(HttpLoggingFields.RequestQuery))
        {
            logContext.AddParameter("QueryString", LogRedaction.Query(logContext.HttpContext.Request.QueryString));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnResponseAsync(HttpLoggingInterceptorContext logContext) => ValueTask.CompletedTask;
}
