using System.Text.RegularExpressions;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// The lines a child process prints, kept in memory for waiting and written to a log file as they arrive.
/// ANSI colour codes (baresip prints them) are removed so tests can match plain text.
/// </summary>
public sealed partial class OutputLog : IDisposable
{
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();
    private readonly StreamWriter _file;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OutputLog(string path)
    {
        Path = path;
        _file = new StreamWriter(path, append: false) { AutoFlush = true };
    }

    public string Path { get; }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public void Add(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        line = AnsiEscape().Replace(line, "");
        TaskCompletionSource changed;
        lock (_lock)
        {
            _lines.Add(line);
            _file.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {stream} {line}");
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Waits for a line (already printed or still to come) that matches; throws TimeoutException with the last lines.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        int checkedCount = 0;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                for (; checkedCount < _lines.Count; checkedCount++)
                {
                    if (match(_lines[checkedCount]))
                    {
                        return _lines[checkedCount];
                    }
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeoutSource.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No matching line within {timeout.TotalSeconds:0.#} s in {Path}. Last lines:{Environment.NewLine}{Tail(30)}");
            }
        }
    }

    public Task<string> WaitForLineAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForLineAsync(pattern.IsMatch, timeout, cancellationToken);

    public string Tail(int count)
    {
        lock (_lock)
        {
            return string.Join(Environment.NewLine, _lines.Skip(Math.Max(0, _lines.Count - count)));
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file.Dispose();
        }
    }

    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}
