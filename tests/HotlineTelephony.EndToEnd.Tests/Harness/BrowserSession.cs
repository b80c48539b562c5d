using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// Debian's headless Chromium driven by playwright-core through BrowserDriver/driver.mjs (Node), one JSON request per
/// line on its stdin and one answer per line on its stdout. There is no .NET Playwright package here, so the test
/// keeps the control flow and the Node side only does one browser operation at a time. Chromium's and the pages'
/// console output go to browser.log in the test's folder. Disposing closes the browser.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(40);

    private readonly Process _process;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonNode?>> _waiting = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private long _nextId;

    private BrowserSession(string testName, Process process, OutputLog log)
    {
        TestName = testName;
        _process = process;
        Log = log;
    }

    public string TestName { get; }

    /// <summary>browser.log: the driver's stderr, with every page's console messages and script errors.</summary>
    public OutputLog Log { get; }

    /// <summary>Where <see cref="CaptureOnFailureAsync"/> and <see cref="BrowserPage.ScreenshotAsync"/> write: artifacts/browser/&lt;test&gt;.</summary>
    public string ArtifactsDirectory => Path.Combine(TestPaths.RepositoryRoot, "artifacts", "browser", TestName);

    public static string DriverDirectory => Path.Combine(TestPaths.RepositoryRoot, "tests", "HotlineTelephony.EndToEnd.Tests", "BrowserDriver");

    public static async Task<BrowserSession> StartAsync(string testName)
    {
        string node = ChildProcess.RequireTool("node", "nodejs");
        string chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium is not installed at {chromium}: run ./scripts/test.sh, or apt-get install chromium.");
        }

        if (!Directory.Exists(Path.Combine(DriverDirectory, "node_modules", "playwright-core")))
        {
            throw new InvalidOperationException(
                $"playwright-core is not installed in {DriverDirectory}: build the test project (it runs npm ci there) or run npm ci in that folder.");
        }

        var log = new OutputLog(Path.Combine(TestPaths.CreateTestDirectory(testName, "browser"), "browser.log"));
        var startInfo = new ProcessStartInfo(node)
        {
            WorkingDirectory = DriverDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("driver.mjs");
        startInfo.Environment["CHROMIUM_PATH"] = chromium;
        log.Add("cmd", $"{node} driver.mjs (in {DriverDirectory})");

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var session = new BrowserSession(testName, process, log);
        process.OutputDataReceived += (_, e) => session.OnAnswer(e.Data);
        process.ErrorDataReceived += (_, e) => log.Add("err", e.Data);
        process.Exited += (_, _) => session.FailAll("the browser driver exited");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            string version = await session._ready.Task.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            log.Add("out", "Chromium " + version);
            return session;
        }
        catch (Exception exception)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"Chromium did not start: {exception.Message}. Log {log.Path}:{Environment.NewLine}{log.Tail(30)}", exception);
        }
    }

    /// <summary>A new page in its own browser context (its own cookies), 1920×1080 unless told otherwise.</summary>
    public async Task<BrowserPage> NewPageAsync(string name, Uri baseAddress, int width = 1920, int height = 1080)
    {
        await CallAsync("newPage", new JsonObject { ["page"] = name, ["width"] = width, ["height"] = height }).ConfigureAwait(false);
        return new BrowserPage(this, name, baseAddress);
    }

    /// <summary>
    /// Runs the test body; when it throws, saves a full-page screenshot of every open page under
    /// <see cref="ArtifactsDirectory"/> and names them in the rethrown failure.
    /// </summary>
    public async Task CaptureOnFailureAsync(Func<Task> body)
    {
        try
        {
            await body().ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            string shots;
            try
            {
                Directory.CreateDirectory(ArtifactsDirectory);
                var written = await CallAsync("screenshotAll", new JsonObject { ["directory"] = ArtifactsDirectory }).ConfigureAwait(false);
                shots = string.Join(", ", written?.AsArray().Select(n => n?.GetValue<string>()) ?? []);
            }
            catch (Exception screenshotFailure)
            {
                shots = "none (" + screenshotFailure.Message + ")";
            }

            throw new InvalidOperationException(
                $"{failure.Message}{Environment.NewLine}Screenshots: {shots}{Environment.NewLine}Browser log {Log.Path}:{Environment.NewLine}{Log.Tail(25)}", failure);
        }
    }

    internal async Task<JsonNode?> CallAsync(string op, JsonObject arguments)
    {
        long id = Interlocked.Increment(ref _nextId);
        arguments["id"] = id;
        arguments["op"] = op;
        var answer = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = answer;
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The browser driver has exited. Log {Log.Path}:{Environment.NewLine}{Log.Tail(20)}");
            }

            await _process.StandardInput.WriteLineAsync(arguments.ToJsonString()).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        try
        {
            return await answer.Task.WaitAsync(s_requestTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The browser did not answer '{op}' within {s_requestTimeout.TotalSeconds:0} s.");
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }
    }

    private void OnAnswer(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        JsonNode? message;
        try
        {
            message = JsonNode.Parse(line);
        }
        catch (JsonException)
        {
            Log.Add("out", line);
            return;
        }

        if (message?["ready"] is not null)
        {
            _ready.TrySetResult(message["version"]?.GetValue<string>() ?? "?");
            return;
        }

        long id = message?["id"]?.GetValue<long>() ?? -1;
        if (!_waiting.TryGetValue(id, out var answer))
        {
            return;
        }

        if (message!["ok"]?.GetValue<bool>() == true)
        {
            answer.TrySetResult(message["value"]?.DeepClone());
        }
        else
        {
            answer.TrySetException(new InvalidOperationException("Browser: " + message["error"]?.GetValue<string>()));
        }
    }

    private void FailAll(string reason)
    {
        _ready.TrySetException(new InvalidOperationException(reason));
        foreach (var answer in _waiting.Values)
        {
            answer.TrySetException(new InvalidOperationException($"{reason}. Log {Log.Path}:{Environment.NewLine}{Log.Tail(20)}"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Closing stdin makes the driver close Chromium and exit; the kill below is for a driver that hangs.
                _process.StandardInput.Close();
                using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(exited.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Killed below.
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        ChildProcess.KillTree(_process);
        _process.Dispose();
        _writeLock.Dispose();
        Log.Dispose();
    }
}
