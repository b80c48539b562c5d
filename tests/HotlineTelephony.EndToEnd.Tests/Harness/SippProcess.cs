using System.Diagnostics;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>A running SIPp, e.g. an agent's UAS scenario answering while the test places calls.</summary>
public sealed class SippProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TimeSpan _hardLimit;
    private readonly Stopwatch _started = Stopwatch.StartNew();
    private bool _killed;

    internal SippProcess(Process process, OutputLog output, string directory, int localPort, int mediaPort, TimeSpan hardLimit)
    {
        _process = process;
        Output = output;
        Directory = directory;
        LocalPort = localPort;
        MediaPort = mediaPort;
        _hardLimit = hardLimit;
    }

    /// <summary>SIPp's SIP port on 127.0.0.1.</summary>
    public int LocalPort { get; }

    public int MediaPort { get; }

    /// <summary>"127.0.0.1:port".</summary>
    public string LocalEndpoint => $"127.0.0.1:{LocalPort}";

    /// <summary>The run's folder: sipp.log (output), stats.csv, errors.log, messages.log, screen.log.</summary>
    public string Directory { get; }

    public OutputLog Output { get; }

    /// <summary>
    /// Waits for SIPp to exit by itself. It is killed when <paramref name="cancellationToken"/> fires or when it
    /// outlives its own -timeout by 15 s, so a test never hangs on it.
    /// </summary>
    public async Task<SippResult> WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var remaining = _hardLimit - _started.Elapsed;
        limit.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        try
        {
            await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _killed = true;
            ChildProcess.KillTree(_process);
        }

        // Let the asynchronous output readers drain before the log is read.
        _process.WaitForExit();
        return new SippResult(
            _process.ExitCode,
            _killed,
            ReadStatistics(),
            ReadIfExists("errors.log"),
            string.Join(Environment.NewLine, Output.Lines),
            Directory);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _killed = true;
            ChildProcess.KillTree(_process);
        }

        await Task.Yield();
        _process.Dispose();
        Output.Dispose();
    }

    private SippStatistics? ReadStatistics()
    {
        string csv = ReadIfExists("stats.csv");
        return csv.Length == 0 ? null : SippStatistics.Parse(csv);
    }

    private string ReadIfExists(string name)
    {
        string path = Path.Combine(Directory, name);
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }
}
