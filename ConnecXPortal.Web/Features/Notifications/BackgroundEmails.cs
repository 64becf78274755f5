using System.Threading.Channels;

namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>
/// Email work that must not happen while a request waits: the request enqueues it and answers at once, so the answer
/// (its body, status and time) cannot depend on whether an account exists, on the email limits, or on the email
/// provider. <see cref="BackgroundEmailWorker"/> runs each item in its own DI scope.
/// </summary>
public sealed class BackgroundEmails(ILogger<BackgroundEmails> logger)
{
    /// <summary>Items waiting; beyond it new ones are dropped and logged (a flood must not grow memory without bound).</summary>
    public const int Capacity = 10_000;

    private readonly Channel<BackgroundEmail> channel = Channel.CreateBounded<BackgroundEmail>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false, SingleWriter = false });

    private int pending;

    /// <summary>Items enqueued and not finished yet.</summary>
    public int Pending => Volatile.Read(ref pending);

    internal ChannelReader<BackgroundEmail> Reader => channel.Reader;

    /// <summary>Queues <paramref name="work"/>; <paramref name="name"/> says what it is in logs (never an address or a link).</summary>
    public void Enqueue(string name, Func<IServiceProvider, CancellationToken, Task> work)
    {
        Interlocked.Increment(ref pending);
        if (!channel.Writer.TryWrite(new BackgroundEmail(name, work)))
        {
            Interlocked.Decrement(ref pending);
            logger.LogWarning("Dropped a {Work} email: {Capacity} emails are already waiting to be sent.", name, Capacity);
        }
    }

    internal void Finished() => Interlocked.Decrement(ref pending);
}

internal sealed record BackgroundEmail(string Name, Func<IServiceProvider, CancellationToken, Task> Work);

/// <summary>Sends the queued emails, a few at a time, each in its own DI scope; a failure is logged and changes nothing else.</summary>
internal sealed class BackgroundEmailWorker(BackgroundEmails queue, IServiceScopeFactory scopes, ILogger<BackgroundEmailWorker> logger)
    : BackgroundService
{
    /// <summary>Items handled at once, so one slow provider call does not hold up the others.</summary>
    public const int Concurrency = 4;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => RunAsync(stoppingToken)));

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await item.Work(scope.ServiceProvider, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // Neither the address nor the link is logged; the audit log has who asked.
                    logger.LogError(e, "A {Work} email could not be sent.", item.Name);
                }
                finally
                {
                    queue.Finished();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
