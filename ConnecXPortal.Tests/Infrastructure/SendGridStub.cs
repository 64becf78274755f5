using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>
/// A local stand-in for api.sendgrid.com: records every request the real SendGrid client sends and answers with
/// 202 Accepted, or with whatever <see cref="Respond"/> decides.
/// </summary>
public sealed class SendGridStub : IAsyncDisposable
{
    private readonly WebApplication app;

    private SendGridStub(WebApplication app) => this.app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Decides the answer to the n-th request (0-based); null means 202 Accepted.</summary>
    public Func<int, RecordedRequest, StubAnswer?> Respond { get; set; } = (_, _) => null;

    /// <summary>When set, used instead of <see cref="Respond"/>: can hold a request open (a request "in flight").</summary>
    public Func<int, RecordedRequest, Task<StubAnswer?>>? RespondAsync { get; set; }

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<SendGridStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new SendGridStub(app);
        var count = -1;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new RecordedRequest(
                context.Request.Method,
                context.Request.Path,
                context.Request.Headers.Authorization.ToString(),
                await reader.ReadToEndAsync());
            stub.Requests.Enqueue(request);
            var index = Interlocked.Increment(ref count);
            var answer = (stub.RespondAsync is { } respondAsync ? await respondAsync(index, request) : stub.Respond(index, request))
                ?? new StubAnswer(StatusCodes.Status202Accepted);
            context.Response.StatusCode = answer.Status;
            if (answer.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (answer.Body is { } body)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(body);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.BaseAddress = new Uri(address);
        return stub;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

public sealed record RecordedRequest(string Method, string Path, string Authorization, string Body);

public sealed record StubAnswer(int Status, int? RetryAfterSeconds = null, string? Body = null);
