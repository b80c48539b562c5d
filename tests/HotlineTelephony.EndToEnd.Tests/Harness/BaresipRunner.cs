using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// A real softphone: baresip (Debian package baresip, 1.0) with a config folder generated for the test, listening on
/// 127.0.0.1, scripted through its ctrl_tcp module (commands such as "dial 12345", "accept", "hangup", "reginfo",
/// "quit"; events such as REGISTER_OK and CALL_ESTABLISHED). No sound card is used: the microphone is a 440 Hz sine
/// (or a WAV file) and the speaker is an aubridge device nobody reads.
/// </summary>
public sealed class BaresipRunner : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TcpClient _control;
    private readonly NetworkStream _controlStream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _pending = new();
    private readonly List<BaresipEvent> _events = [];
    private readonly Lock _eventsLock = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private TaskCompletionSource _eventArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextToken;

    private BaresipRunner(Process process, TcpClient control, OutputLog output, string configDirectory, int sipPort, int controlPort)
    {
        _process = process;
        _control = control;
        _controlStream = control.GetStream();
        Output = output;
        ConfigDirectory = configDirectory;
        SipPort = sipPort;
        ControlPort = controlPort;
        _reader = Task.Run(ReadControlAsync);
    }

    /// <summary>baresip's own SIP port on 127.0.0.1 (it also takes SipPort + 1 for TLS).</summary>
    public int SipPort { get; }

    public int ControlPort { get; }

    /// <summary>The generated config, accounts and baresip.log.</summary>
    public string ConfigDirectory { get; }

    /// <summary>Where the sndfile module dumps call audio when started with recordCalls (a short path under /tmp).</summary>
    public string RecordingsDirectory { get; private set; } = string.Empty;

    public OutputLog Output { get; }

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<BaresipEvent> Events
    {
        get
        {
            lock (_eventsLock)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>
    /// Writes a config folder, starts baresip and connects to its control port (bounded by <paramref name="startTimeout"/>, default 10 s).
    /// </summary>
    /// <param name="testName">Names the folder TestLogs/&lt;testName&gt;/baresip-….</param>
    /// <param name="registrar">"127.0.0.1:port" of the server the accounts register with.</param>
    /// <param name="accounts">One line each in the accounts file.</param>
    /// <param name="transport">"udp" or "tcp".</param>
    /// <param name="audioSourceWav">A WAV file to play as the microphone instead of the sine tone.</param>
    /// <param name="toneHz">Frequency of the sine tone used as the microphone when no WAV is given.</param>
    /// <param name="recordCalls">
    /// Load baresip's sndfile module: every call's audio is dumped to <see cref="RecordingsDirectory"/> as
    /// dump-&lt;peer&gt;-dec.wav (what this phone heard) and -enc.wav (what it sent).
    /// </param>
    public static async Task<BaresipRunner> StartAsync(
        string testName,
        string registrar,
        IEnumerable<BaresipAccount> accounts,
        string transport = "udp",
        string? audioSourceWav = null,
        TimeSpan? startTimeout = null,
        CancellationToken cancellationToken = default,
        int toneHz = 440,
        bool recordCalls = false)
    {
        if (!registrar.StartsWith("127.", StringComparison.Ordinal))
        {
            throw new ArgumentException("baresip registers with loopback addresses only.", nameof(registrar));
        }

        string baresip = ChildProcess.RequireTool("baresip", "baresip");
        string directory = TestPaths.CreateTestDirectory(testName, "baresip");
        int sipPort = FreePorts.Next(neighbours: 1);
        // sndfile builds its file names in a fixed 128-byte buffer: the folder must have a short path.
        string recordings = Path.Combine("/tmp", "bsnd-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(recordings);
        int controlPort = FreePorts.Next();

        File.WriteAllText(Path.Combine(directory, "config"), string.Join('\n',
        [
            "poll_method epoll",
            $"sip_listen 127.0.0.1:{sipPort}",
            "call_max_calls 4",
            audioSourceWav is null ? $"audio_source ausine,{toneHz}" : $"audio_source aufile,{audioSourceWav}",
            // ausine produces 48 kHz stereo only; baresip resamples to the codec's 8 kHz when told the device rate.
            audioSourceWav is null ? "ausrc_srate 48000" : "",
            audioSourceWav is null ? "ausrc_channels 2" : "",
            "audio_player aubridge,speaker",
            "audio_alert aubridge,speaker",
            "module_path /usr/lib/baresip/modules",
            "module g711.so",
            "module ausine.so",
            "module aufile.so",
            "module aubridge.so",
            "module ctrl_tcp.so",
            recordCalls ? "module sndfile.so" : "",
            recordCalls ? $"snd_path {recordings}" : "",
            $"ctrl_tcp_listen 127.0.0.1:{controlPort}",
            "module_app account.so",
            "module_app menu.so",
            "",
        ]));
        File.WriteAllText(Path.Combine(directory, "accounts"),
            string.Concat(accounts.Select(a => a.ToAccountsLine(registrar, transport) + "\n")));
        // baresip writes contacts and its UUID here; an empty contacts file stops it creating an example one.
        File.WriteAllText(Path.Combine(directory, "contacts"), "");

        var output = new OutputLog(Path.Combine(directory, "baresip.log"));
        var process = ChildProcess.Start(baresip, ["-f", directory], directory, output);

        var timeout = startTimeout ?? TimeSpan.FromSeconds(10);
        var started = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                output.Dispose();
                throw new InvalidOperationException($"baresip exited with code {process.ExitCode} at start; see {output.Path}.");
            }

            var control = new TcpClient();
            try
            {
                await control.ConnectAsync("127.0.0.1", controlPort, cancellationToken).ConfigureAwait(false);
                return new BaresipRunner(process, control, output, directory, sipPort, controlPort) { RecordingsDirectory = recordings };
            }
            catch (SocketException) when (started.Elapsed < timeout)
            {
                control.Dispose();
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                control.Dispose();
                ChildProcess.KillTree(process);
                output.Dispose();
                throw;
            }
        }
    }

    /// <summary>Sends a ctrl_tcp command ("dial", "accept", "hangup", "reginfo", "quit", …) and returns its response text.</summary>
    public async Task<string> SendCommandAsync(string command, string? parameters = null, CancellationToken cancellationToken = default)
    {
        string token = Interlocked.Increment(ref _nextToken).ToString(CultureInfo.InvariantCulture);
        var response = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[token] = response;
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["command"] = command,
            ["params"] = parameters ?? "",
            ["token"] = token,
        });
        byte[] prefix = Encoding.ASCII.GetBytes($"{json.Length}:");
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _controlStream.WriteAsync(prefix, cancellationToken).ConfigureAwait(false);
            await _controlStream.WriteAsync(json, cancellationToken).ConfigureAwait(false);
            await _controlStream.WriteAsync(","u8.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            return await response.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(token, out _);
        }
    }

    /// <summary>
    /// Waits for a ctrl_tcp event of the given type (already received or still to come), optionally for one account.
    /// Events from before the control connection was made (often the first REGISTER_OK) are never seen: wait for
    /// registration with <see cref="WaitForRegisteredAsync"/>, which reads baresip's output instead.
    /// </summary>
    public async Task<BaresipEvent> WaitForEventAsync(string type, TimeSpan timeout, string? accountUser = null, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        int seen = 0;
        while (true)
        {
            Task arrived;
            lock (_eventsLock)
            {
                for (; seen < _events.Count; seen++)
                {
                    var e = _events[seen];
                    if (e.Type == type && (accountUser is null || (e.AccountAor?.Contains($":{accountUser}@", StringComparison.Ordinal) ?? false)))
                    {
                        return e;
                    }
                }

                arrived = _eventArrived.Task;
            }

            try
            {
                await arrived.WaitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"No baresip event {type} within {timeout.TotalSeconds:0.#} s; events so far: {string.Join(", ", Events.Select(e => e.Type))}. Log {Output.Path}:{Environment.NewLine}{Output.Tail(30)}");
            }
        }
    }

    /// <summary>Waits for baresip to print that <paramref name="user"/> registered ("1001@127.0.0.1: {0/UDP/v4} 200 OK …").</summary>
    public Task<string> WaitForRegisteredAsync(string user, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Output.WaitForLineAsync(
            new Regex($@"^{Regex.Escape(user)}@\S+: \{{\d+/\w+/v[46]\}} 200 ", RegexOptions.CultureInvariant), timeout, cancellationToken);

    /// <summary>
    /// Waits for a registration failure of <paramref name="user"/> ("reg: sip:1001@…: 403 Forbidden") and returns the
    /// status code, or 0 when baresip gave a transport error (nothing listening) instead of a response.
    /// </summary>
    public async Task<int> WaitForRegistrationFailureAsync(string user, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var pattern = new Regex($@"^reg: sip:{Regex.Escape(user)}@\S+: (?<reason>.*)$", RegexOptions.CultureInvariant);
        string line = await Output.WaitForLineAsync(pattern, timeout, cancellationToken).ConfigureAwait(false);
        string reason = pattern.Match(line).Groups["reason"].Value;
        return reason.Length >= 3 && int.TryParse(reason.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out int code) ? code : 0;
    }

    /// <summary>Asks baresip to quit (it un-registers first) and waits; kills it if it is not gone in time. Returns the exit code.</summary>
    public async Task<int> QuitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            try
            {
                await SendCommandAsync("quit", cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or TimeoutException or OperationCanceledException or ObjectDisposedException)
            {
                // Falls through to the kill below.
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ChildProcess.KillTree(_process);
            }
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        // An un-REGISTER to a server that is already gone takes up to 32 s (timer F), so the wait is short.
        await QuitAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        _control.Dispose();
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            // The control connection closes with the process.
        }

        _process.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
        Output.Dispose();
    }

    /// <summary>Reads netstrings ("&lt;length&gt;:&lt;json&gt;,") from ctrl_tcp: responses complete commands, events are kept.</summary>
    private async Task ReadControlAsync()
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            int read = await _controlStream.ReadAsync(chunk, _stop.Token).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            buffer.AddRange(chunk.AsSpan(0, read));
            while (TryTakeNetstring(buffer, out string? json))
            {
                Dispatch(json);
            }
        }
    }

    private static bool TryTakeNetstring(List<byte> buffer, out string json)
    {
        json = "";
        int colon = buffer.IndexOf((byte)':');
        if (colon < 0 || !int.TryParse(Encoding.ASCII.GetString([.. buffer.GetRange(0, colon)]), NumberStyles.None, CultureInfo.InvariantCulture, out int length)
            || buffer.Count < colon + 1 + length + 1)
        {
            return false;
        }

        json = Encoding.UTF8.GetString([.. buffer.GetRange(colon + 1, length)]);
        buffer.RemoveRange(0, colon + 1 + length + 1);
        return true;
    }

    private void Dispatch(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("response", out _))
        {
            string? token = root.TryGetProperty("token", out var t) ? t.GetString() : null;
            string data = root.TryGetProperty("data", out var d) ? d.GetString() ?? "" : "";
            if (token is not null && _pending.TryGetValue(token, out var pending))
            {
                pending.TrySetResult(data);
            }

            return;
        }

        if (root.TryGetProperty("event", out _))
        {
            Output.Add("evt", json);
            TaskCompletionSource arrived;
            lock (_eventsLock)
            {
                _events.Add(BaresipEvent.FromJson(root, json));
                arrived = _eventArrived;
                _eventArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            arrived.TrySetResult();
        }
    }
}
