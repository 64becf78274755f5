using System.Threading.Channels;

namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>
/// Email work that must not happen while a request waits: the request enqueues it and answers at once, so the answer
/// (its body, status and time) cannot depend on whether an account exists, on the email limits, or on the email
/// provider. Items with the same key (an email address) go to the same lane and run one after another, so two
/// requests for one address never make links at the same time; <see cref="BackgroundEmailWorker"/> runs the lanes
/// side by side, each item in its own DI scope.
/// </summary>
public sealed class BackgroundEmails
{
    /// <summary>Lanes run side by side, so one slow provider call does not hold up every other address.</summary>
    public const int Lanes = 4;

    /// <summary>Items waiting in a lane; beyond it new ones are dropped and logged (a flood must not grow memory without bound).</summary>
    public const int LaneCapacity = 2_500;

    private readonly Channel<BackgroundEmail>[] lanes;
    private readonly ILogger<BackgroundEmails> logger;
    private int pending;

    public BackgroundEmails(ILogger<BackgroundEmails> logger)
    {
        this.logger = logger;
        lanes = [.. Enumerable.Range(0, Lanes).Select(_ => Channel.CreateBounded<BackgroundEmail>(
            new BoundedChannelOptions(LaneCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true }))];
    }

    /// <summary>Items enqueued and not finished yet.</summary>
    public int Pending => Volatile.Read(ref pending);

    internal IEnumerable<ChannelReader<BackgroundEmail>> Readers => lanes.Select(l => l.Reader);

    /// <summary>
    /// Queues <paramref name="work"/> in the lane of <paramref name="key"/>; <paramref name="name"/> says what it is in
    /// logs (never an address or a link).
    /// </summary>
    public void Enqueue(string name, string key, Func<IServiceProvider, CancellationToken, Task> work)
    {
        var lane = lanes[(int)((uint)StringComparer.OrdinalIgnoreCase.GetHashCode(key.Trim()) % Lanes)];
        Interlocked.Increment(ref pending);
        if (!lane.Writer.TryWrite(new BackgroundEmail(name, work)))
        {
            Interlocked.Decrement(ref pending);
            logger.LogWarning("Dropped a {Work} email: {Capacity} emails are already waiting in its lane.", name, LaneCapacity);
        }
    }

    internal void Finished() => Interlocked.Decrement(ref pending);
}

internal sealed record BackgroundEmail(string Name, Func<IServiceProvider, CancellationToken, Task> Work);

/// <summary>Sends the queued emails, one lane per loop, each item in its own DI scope; a failure is logged and changes nothing else.</summary>
internal sealed class BackgroundEmailWorker(BackgroundEmails queue, IServiceScopeFactory scopes, ILogger<BackgroundEmailWorker> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(queue.Readers.Select(reader => RunAsync(reader, stoppingToken)));

    private async Task RunAsync(ChannelReader<BackgroundEmail> reader, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in reader.ReadAllAsync(stoppingToken))
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
