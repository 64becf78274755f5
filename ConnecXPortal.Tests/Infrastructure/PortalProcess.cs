using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>
/// The portal as its own operating-system process (<c>dotnet ConnecXPortal.Web.dll</c>, real clock), as a deployment
/// runs it, listening on a free loopback port. Configured through environment variables; killed on dispose.
/// </summary>
public sealed partial class PortalProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PortalProcess(IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ConnecXPortal.Web.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The portal process exited with {process.ExitCode}:\n{Output}"));
    }

    /// <summary>Where it listens, for example http://127.0.0.1:40123/.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>What the cutover runner records as the instance that applied a range.</summary>
    public string Instance => $"{Environment.MachineName}/{process.Id}";

    /// <summary>Everything the process has written to its console so far, for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts the portal and returns once <c>/health/ready</c> answers 200 (its migrations applied).</summary>
    public static async Task<PortalProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var portal = new PortalProcess(settings);
        portal.process.Start();
        portal.process.BeginOutputReadLine();
        portal.process.BeginErrorReadLine();
        try
        {
            portal.Address = await portal.listening.Task.WaitAsync(StartTimeout);
            await portal.WaitUntilReadyAsync();
            return portal;
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline || process.HasExited)
            {
                throw new InvalidOperationException($"The portal at {Address} did not become ready:\n{Output}");
            }

            await Task.Delay(200);
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
