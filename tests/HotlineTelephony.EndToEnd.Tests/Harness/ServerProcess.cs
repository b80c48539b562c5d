using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// The built server (src/HotlineTelephony.Server/bin/&lt;Configuration&gt;/net10.0) running as its own OS process on
/// 127.0.0.1 with free SIP and HTTP ports, its output captured to a log file. Disposing kills the process tree.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, OutputLog output, string directory, int sipPort, int httpPort, string databasePath, string recordingsFolder)
    {
        _process = process;
        Output = output;
        Directory = directory;
        SipPort = sipPort;
        HttpPort = httpPort;
        DatabasePath = databasePath;
        RecordingsFolder = recordingsFolder;
    }

    public const string Host = "127.0.0.1";

    public int SipPort { get; }

    public int HttpPort { get; }

    /// <summary>"127.0.0.1:port", the form SIPp takes as its remote host.</summary>
    public string SipEndpoint => $"{Host}:{SipPort}";

    public Uri HttpBaseAddress => new($"http://{Host}:{HttpPort}/");

    public OutputLog Output { get; }

    /// <summary>This server's folder under TestLogs: server.log, and by default its database and recordings.</summary>
    public string Directory { get; }

    /// <summary>The SQLite call-records database (CallRecords:ConnectionString), hotline.db in <see cref="Directory"/> unless the test set its own.</summary>
    public string DatabasePath { get; }

    /// <summary>Media:Recording:Folder: call recordings and recordings/voice-messages, in <see cref="Directory"/> unless the test set its own.</summary>
    public string RecordingsFolder { get; }

    public string LogPath => Output.Path;

    /// <summary>A bearer token of the demo supervisor, fetched once the server is up (the API needs a signed-in user).</summary>
    public string SupervisorToken { get; private set; } = "";

    /// <summary>
    /// The one way tests reach the API: an HttpClient on <see cref="HttpBaseAddress"/> carrying the supervisor's bearer
    /// token (or <paramref name="token"/>, e.g. from <see cref="TokenAsync"/> for another user).
    /// </summary>
    public HttpClient CreateHttpClient(TimeSpan? timeout = null, string? token = null)
    {
        var client = new HttpClient { BaseAddress = HttpBaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? SupervisorToken);
        return client;
    }

    /// <summary>POST /api/auth/token for a user (the demo users: password = user name).</summary>
    public async Task<string> TokenAsync(string userName, string? password = null, CancellationToken cancellationToken = default)
    {
        using var client = new HttpClient { BaseAddress = HttpBaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.PostAsJsonAsync(new Uri("api/auth/token", UriKind.Relative), new { userName, password = password ?? userName }, cancellationToken).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST api/auth/token for {userName}: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the server and waits until /healthz answers 200.
    /// </summary>
    /// <param name="testName">Names the log folder (TestLogs/&lt;testName&gt;/server-…/server.log).</param>
    /// <param name="settings">
    /// Extra configuration, passed as --Key=Value (e.g. ["Registrar:Extensions:2001"] = "pw"). Unless set here,
    /// CallRecords:ConnectionString, Tickets:ConnectionString and Media:Recording:Folder point into the server's own test folder, so no two
    /// servers share a database or recordings (the defaults are relative to the shared bin folder).
    /// </param>
    /// <param name="startTimeout">Bound on the wait for /healthz; default 30 s.</param>
    /// <param name="httpPort">The HTTP port; a free one unless given (a restarted server takes its predecessor's, so open pages find it again).</param>
    public static async Task<ServerProcess> StartAsync(
        string testName,
        IReadOnlyDictionary<string, string>? settings = null,
        TimeSpan? startTimeout = null,
        CancellationToken cancellationToken = default,
        int? httpPort = null)
    {
        string dll = TestPaths.ServerDll;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The server is not built for {TestPaths.Configuration}: dotnet build -c {TestPaths.Configuration}.", dll);
        }

        int sipPort = FreePorts.Next();
        int port = httpPort ?? FreePorts.Next();
        string directory = TestPaths.CreateTestDirectory(testName, "server");
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        string databasePath = Path.Combine(directory, "hotline.db");
        if (!all.TryAdd("CallRecords:ConnectionString", $"Data Source={databasePath}"))
        {
            string connection = all["CallRecords:ConnectionString"];
            int source = connection.IndexOf("Data Source=", StringComparison.OrdinalIgnoreCase);
            databasePath = source < 0 ? connection : connection[(source + "Data Source=".Length)..].Split(';')[0];
        }

        // Tickets too: the default tickets.db would be shared through the bin folder.
        all.TryAdd("Tickets:ConnectionString", $"Data Source={Path.Combine(directory, "tickets.db")}");

        string recordingsFolder = Path.Combine(directory, "recordings");
        if (!all.TryAdd("Media:Recording:Folder", recordingsFolder))
        {
            recordingsFolder = all["Media:Recording:Folder"];
        }

        // Each test server seeds the demo users into its own new database; the least PBKDF2 work the server accepts
        // keeps that start-up cost small on a loaded machine (the default is ten times as much).
        all.TryAdd("Auth:Pbkdf2Iterations", "10000");

        List<string> arguments =
        [
            dll,
            $"--Sip:Port={sipPort}",
            $"--Sip:ListenAddress={Host}",
            $"--Urls=http://{Host}:{port}",
        ];
        foreach (var (key, value) in all)
        {
            arguments.Add($"--{key}={value}");
        }

        var output = new OutputLog(Path.Combine(directory, "server.log"));
        // The working directory is the server's own bin folder so its appsettings.json is the content root's.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var process = ChildProcess.Start(dotnet, arguments, Path.GetDirectoryName(dll)!, output);
        var server = new ServerProcess(process, output, directory, sipPort, port, databasePath, recordingsFolder);
        try
        {
            await server.WaitForHealthyAsync(startTimeout ?? TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            server.SupervisorToken = await server.TokenAsync("supervisor", cancellationToken: cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task<string> WaitForOutputAsync(string contains, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Output.WaitForLineAsync(line => line.Contains(contains, StringComparison.Ordinal), timeout, cancellationToken);

    /// <summary>SIGKILL, as <c>kill -9</c>: no shutdown code runs in the server.</summary>
    public void KillHard()
    {
        ChildProcess.KillTree(_process);
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        ChildProcess.KillTree(_process);
        _process.Dispose();
        Output.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitForHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = HttpBaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The server exited with code {_process.ExitCode} before /healthz answered. Log {LogPath}:{Environment.NewLine}{Output.Tail(40)}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The 2 s per-request timeout.
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"/healthz did not answer 200 within {timeout.TotalSeconds:0} s. Log {LogPath}:{Environment.NewLine}{Output.Tail(40)}");
    }
}
