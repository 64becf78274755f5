using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnecXPortal.Bench.Hosting;

/// <summary>
/// A local stand-in for api.sendgrid.com that the portal's real SendGrid client talks to: it answers 202 Accepted
/// (after <see cref="Latency"/>, to play a distant provider) and counts requests and the recipients in them.
/// </summary>
public sealed class SendGridStub : IAsyncDisposable
{
    private readonly WebApplication app;
    private int requests;
    private int recipients;

    private SendGridStub(WebApplication app, TimeSpan latency)
    {
        this.app = app;
        Latency = latency;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public TimeSpan Latency { get; }

    public int Requests => Volatile.Read(ref requests);

    /// <summary>Personalizations (one per recipient) in every request so far.</summary>
    public int Recipients => Volatile.Read(ref recipients);

    public static async Task<SendGridStub> StartAsync(TimeSpan latency = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new SendGridStub(app, latency);
        app.Run(stub.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.BaseAddress = new Uri(address);
        return stub;
    }

    public void Reset()
    {
        Interlocked.Exchange(ref requests, 0);
        Interlocked.Exchange(ref recipients, 0);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var count = body.RootElement.TryGetProperty("personalizations", out var list) ? list.GetArrayLength() : 0;
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }

        Interlocked.Add(ref recipients, count);
        Interlocked.Increment(ref requests);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
