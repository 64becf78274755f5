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
