namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>
/// Sends prepared requests at the same moment: each waits on one gate, which opens once all of them are queued, so they
/// overlap on the server as a burst of real parallel requests does.
/// </summary>
public static class Burst
{
    public const int Size = 40;

    public static async Task<T[]> TogetherAsync<T>(IEnumerable<Func<Task<T>>> requests)
    {
        // The portal runs in this process: without enough pool threads ready, its CPU-bound work (password hashing)
        // would queue the burst's requests one behind another while the pool slowly grows, and they would not overlap.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 4 * Size), Math.Max(io, 4 * Size));

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = requests.Select(async send =>
        {
            await gate.Task;
            return await send();
        }).ToList();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }
}
