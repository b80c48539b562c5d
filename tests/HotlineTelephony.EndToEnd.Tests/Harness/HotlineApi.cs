using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// The server's REST API (/api/agents, /api/queues, /api/calls, /api/records) as JSON, for tests that drive agents and
/// read the call centre's state from outside. Enums arrive as numbers; <see cref="AgentStates"/> and
/// <see cref="EventKinds"/> name the ones tests use.
/// </summary>
public sealed class HotlineApi : IDisposable
{
    private readonly HttpClient _client;

    public HotlineApi(ServerProcess server)
    {
        _client = server.CreateHttpClient(TimeSpan.FromSeconds(10));
    }

    /// <summary>GET; throws with the body when the answer is not a success.</summary>
    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET that answers null for 404 (e.g. a call record not written yet).</summary>
    public async Task<JsonElement?> FindAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        return await ReadAsync(response, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST with an optional JSON body; throws with the body when the answer is not a success.</summary>
    public async Task<JsonElement> PostAsync(string path, object? body = null, CancellationToken cancellationToken = default)
    {
        using var response = body is null
            ? await _client.PostAsync(new Uri(path, UriKind.Relative), null, cancellationToken).ConfigureAwait(false)
            : await _client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST /api/agents/{id}/login: the agent is Ready at once.</summary>
    public Task<JsonElement> LoginAsync(string agentId) => PostAsync($"api/agents/{agentId}/login");

    public Task<JsonElement> ReadyAsync(string agentId) => PostAsync($"api/agents/{agentId}/ready");

    public Task<JsonElement> GetAgentAsync(string agentId) => GetAsync($"api/agents/{agentId}");

    public Task<JsonElement> GetQueueAsync(string queueId) => GetAsync($"api/queues/{queueId}");

    /// <summary>GET /api/calls/{id}/record, null until the record is saved.</summary>
    public Task<JsonElement?> FindRecordAsync(string callId) => FindAsync($"api/calls/{Uri.EscapeDataString(callId)}/record");

    /// <summary>The whole ACD event log, oldest first (GET /api/records/events).</summary>
    public async Task<IReadOnlyList<AcdEventView>> EventsAsync(long after = 0)
    {
        var events = await GetAsync($"api/records/events?after={after}").ConfigureAwait(false);
        return [.. events.EnumerateArray().Select(AcdEventView.From)];
    }

    /// <summary>Polls <paramref name="probe"/> every 200 ms until it answers non-null; throws TimeoutException naming <paramref name="what"/>.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe().ConfigureAwait(false) is { } value)
            {
                return value;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Not within {timeout.TotalSeconds:0.#} s: {what}");
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 200 ms until it holds; throws TimeoutException naming <paramref name="what"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        await WaitForAsync(async () => await condition().ConfigureAwait(false) ? what : null, timeout, what).ConfigureAwait(false);

    /// <summary>Waits for the first event of <paramref name="kind"/> (optionally for one call) in the event log.</summary>
    public Task<AcdEventView> WaitForEventAsync(int kind, string? callId, TimeSpan timeout) =>
        WaitForAsync(
            async () => (await EventsAsync().ConfigureAwait(false)).FirstOrDefault(e => e.Kind == kind && (callId is null || e.CallId == callId)),
            timeout,
            $"event {kind} for call {callId ?? "(any)"}");

    /// <summary>Waits until the call's record is saved (the call ended and its media closed).</summary>
    public async Task<JsonElement> WaitForRecordAsync(string callId, TimeSpan timeout)
    {
        JsonElement record = default;
        await WaitUntilAsync(
            async () => await FindRecordAsync(callId).ConfigureAwait(false) is { } found && (record = found).ValueKind == JsonValueKind.Object,
            timeout,
            $"call record of {callId}").ConfigureAwait(false);
        return record;
    }

    public void Dispose() => _client.Dispose();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string path, CancellationToken cancellationToken)
    {
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{path}: {(int)response.StatusCode} {text}");
        }

        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return document.RootElement.Clone();
    }

    /// <summary>AgentState as numbers on the wire.</summary>
    public static class AgentStates
    {
        public const int LoggedOut = 0;
        public const int Ready = 1;
        public const int NotReady = 2;
        public const int Offered = 3;
        public const int Talking = 4;
        public const int WrapUp = 5;
    }

    /// <summary>AcdEventKind numbers (src/HotlineTelephony.CallCenter/Acd/AcdEventKind.cs) that tests look for.</summary>
    public static class EventKinds
    {
        public const int CallArrived = 1;
        public const int CallEnqueued = 2;
        public const int CallReentered = 3;
        public const int CallOffered = 4;
        public const int OfferAnswered = 5;
        public const int OfferMissed = 6;
        public const int CallAbandoned = 9;
        public const int CallEnded = 10;
        public const int PositionAnnounced = 12;
        public const int OverflowOffered = 13;
        public const int VoiceMessageLeft = 14;
        public const int CallbackRequested = 15;
        public const int SmsLinkSent = 16;
        public const int CallbackOffered = 17;
        public const int CallbackAccepted = 18;
        public const int CallbackCompleted = 19;
        public const int CallbackFailed = 20;
        public const int AgentNotReady = 103;
        public const int AgentMissedTooMany = 106;
    }
}

/// <summary>One entry of GET /api/records/events.</summary>
public sealed record AcdEventView(long Sequence, DateTimeOffset At, int Kind, string? CallId, string? QueueId, string? AgentId, string? Detail)
{
    internal static AcdEventView From(JsonElement e)
    {
        static string? Text(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        return new AcdEventView(
            e.GetProperty("sequence").GetInt64(),
            e.GetProperty("at").GetDateTimeOffset(),
            e.GetProperty("kind").GetInt32(),
            Text(e, "callId"),
            Text(e, "queueId"),
            Text(e, "agentId"),
            Text(e, "detail"));
    }
}
