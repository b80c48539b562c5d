using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// A SignalR client (WebSockets) on one of the server's hubs, signed in with a bearer token, that records every
/// message of the named server→client methods with the local time it arrived.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Channel<HubMessage> _messages = Channel.CreateUnbounded<HubMessage>();
    private readonly List<HubMessage> _seen = [];

    private HubClient(HubConnection connection) => _connection = connection;

    public HubConnection Connection => _connection;

    /// <summary>Connects as <paramref name="userName"/> (demo password = name) to <paramref name="path"/> ("hubs/agent").</summary>
    public static async Task<HubClient> ConnectAsync(ServerProcess server, string path, string userName, params string[] methods)
    {
        string token = await server.TokenAsync(userName).ConfigureAwait(false);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.HttpBaseAddress, path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var client = new HubClient(connection);
        foreach (var method in methods)
        {
            connection.On<JsonElement>(method, payload => client._messages.Writer.TryWrite(new HubMessage(method, payload, DateTime.Now)));
        }

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await connection.StartAsync(bound.Token).ConfigureAwait(false);
        return client;
    }

    /// <summary>Every message received so far, in order.</summary>
    public IReadOnlyList<HubMessage> Received()
    {
        lock (_seen)
        {
            while (_messages.Reader.TryRead(out var message))
            {
                _seen.Add(message);
            }

            return [.. _seen];
        }
    }

    /// <summary>The first message (already received or still to come) of <paramref name="method"/> that matches.</summary>
    public async Task<HubMessage> WaitForAsync(string method, Func<JsonElement, bool> match, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Received().FirstOrDefault(m => m.Method == method && match(m.Payload)) is { Method: not null } found)
            {
                return found;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No {method} message for {what} within {timeout.TotalSeconds:0} s; received: {string.Join(", ", Received().Select(m => m.Method + " " + m.Payload))}");
            }

            using var wait = new CancellationTokenSource(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            try
            {
                await _messages.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Look again.
            }
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}

/// <summary>One server→client message with the local time it arrived at the client.</summary>
public readonly record struct HubMessage(string Method, JsonElement Payload, DateTime ReceivedAt);
