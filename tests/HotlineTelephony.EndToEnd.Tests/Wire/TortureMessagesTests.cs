using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using HotlineTelephony.EndToEnd.Tests.Harness;
using HotlineTelephony.Sip.Tests.Torture;

namespace HotlineTelephony.EndToEnd.Tests.Wire;

/// <summary>
/// Every RFC 4475 torture message sent over UDP to the running server: malformed requests get the RFC's status,
/// responses are never answered, application-layer cases get the RFC's answers, and afterwards the server still
/// answers OPTIONS. Each message is sent from the port its top Via names, because the server answers there
/// (RFC 3261 §18.2.2 with received=127.0.0.1); requests the transport cannot parse are answered to the source.
/// </summary>
public sealed partial class TortureMessagesTests
{
    private static readonly TimeSpan s_replyWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_silenceWait = TimeSpan.FromMilliseconds(700);

    [Fact]
    public async Task Rfc4475MessagesGetTheRfcsAnswersAndTheServerStillAnswersOptions()
    {
        const string Test = nameof(Rfc4475MessagesGetTheRfcsAnswersAndTheServerStillAnswersOptions);
        await using var server = await ServerProcess.StartAsync(Test);
        var target = new IPEndPoint(IPAddress.Loopback, server.SipPort);
        var failures = new List<string>();
        var branches = new HashSet<string>(StringComparer.Ordinal);

        foreach (var tortureCase in Rfc4475Expectations.All)
        {
            byte[] message = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Torture", "rfc4475", tortureCase.File));
            message = WithUnusedBranch(message, tortureCase.File, branches);
            bool isResponse = message.AsSpan().StartsWith("SIP/2.0 "u8);
            bool hasVia = TopViaPort(message) is not null;
            int? status = await SendAndReadStatusAsync(message, target, isResponse || !hasVia ? s_silenceWait : s_replyWait);
            string? failure = Judge(tortureCase, isResponse, hasVia, status);
            if (failure is not null)
            {
                failures.Add($"{tortureCase.File} ({tortureCase.Section}): {failure}");
            }
        }

        Assert.False(server.HasExited, "the server process died");
        int? options = await SendAndReadStatusAsync(Encoding.ASCII.GetBytes(Options(server.SipPort)), target, s_replyWait);
        Assert.Equal(200, options);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>What the server must do with one message; null when it did it.</summary>
    private static string? Judge(TortureCase tortureCase, bool isResponse, bool hasVia, int? status)
    {
        if (isResponse)
        {
            return status is null ? null : $"a response was answered with {status}";
        }

        if (!hasVia)
        {
            // Nobody to answer (RFC 3261 §18.2.2 needs a Via): dropped and counted.
            return status is null ? null : $"a request without Via was answered with {status}";
        }

        int[] allowed = tortureCase.Layer switch
        {
            TortureLayer.RejectedByParser => [tortureCase.Status],

            // We are an authenticating registrar (RFC 3261 §10.3 step 3 comes before the AOR checks of step 5), so
            // the REGISTERs that the RFC expects to succeed are first challenged, as is the one with a foreign AOR.
            TortureLayer.ServerLevel when tortureCase.File is "cparam01.dat" or "cparam02.dat" or "regescrt.dat" or "unksm2.dat" => [401],

            // RFC 4475 §3.3.11: a proxy answers 483, an endpoint processes the request. Out-of-dialog OPTIONS is answered
            // by the server itself and never forwarded, so answering it (200) is the endpoint's behaviour.
            TortureLayer.ServerLevel when tortureCase.File == "zeromf.dat" => [483, 200],
            TortureLayer.ServerLevel when tortureCase.Status == 0 => [],
            TortureLayer.ServerLevel => [tortureCase.Status],
            _ => [],
        };

        if (tortureCase.Layer == TortureLayer.Valid)
        {
            // Well-formed requests are processed: any answer but a parse rejection or a server failure
            // (501 is the right answer for a method we do not implement, e.g. MESSAGE).
            return status switch
            {
                null => "no answer to a well-formed request",
                501 => null,
                400 or >= 500 => $"answered {status} to a well-formed request",
                _ => null,
            };
        }

        if (allowed.Length == 0)
        {
            return status is null ? null : $"expected no answer, got {status}";
        }

        return status is { } s && Array.IndexOf(allowed, s) >= 0 ? null : $"expected {string.Join(" or ", allowed)}, got {status?.ToString() ?? "no answer"}";
    }

    private static async Task<int?> SendAndReadStatusAsync(byte[] message, IPEndPoint target, TimeSpan wait)
    {
        int port = TopViaPort(message) ?? 0;
        string? callId = CallIdOf(message);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        await socket.SendToAsync(message, SocketFlags.None, target);

        var buffer = new byte[65535];
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
                var text = Encoding.UTF8.GetString(buffer, 0, received.ReceivedBytes);

                // 100 Trying is provisional; wait for the final answer. Retransmitted finals to an earlier message
                // sent from the same port (Timer G until an ACK that never comes) carry another Call-ID.
                var match = StatusLine().Match(text);
                if (match.Success && match.Groups[1].Value != "100" && (callId is null || CallIdOf(received.ReceivedBytes, buffer) == callId))
                {
                    return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The port of the first Via line (default 5060), or null when no Via can be read (the server then answers the source).</summary>
    private static int? TopViaPort(byte[] message)
    {
        var match = ViaLine().Match(Encoding.Latin1.GetString(message));
        if (!match.Success)
        {
            return null;
        }

        return match.Groups[2].Success ? int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 5060;
    }

    /// <summary>
    /// The corpus reuses branch ids (z9hG4bKkdjuw) across messages the RFC treats as independent; sent together, the
    /// server rightly matches a later one to the earlier transaction as a retransmission (§17.2.3). A branch seen
    /// before gets the file name appended, so each message starts its own transaction; nothing else changes.
    /// </summary>
    private static byte[] WithUnusedBranch(byte[] message, string file, HashSet<string> seen)
    {
        var text = Encoding.Latin1.GetString(message);
        var match = Branch().Match(text);
        if (!match.Success || seen.Add(match.Groups[1].Value))
        {
            return message;
        }

        var unique = match.Groups[1].Value + "." + Path.GetFileNameWithoutExtension(file);
        seen.Add(unique);
        return Encoding.Latin1.GetBytes(text[..match.Groups[1].Index] + unique + text[(match.Groups[1].Index + match.Groups[1].Length)..]);
    }

    private static string? CallIdOf(byte[] message) => CallIdOf(message.Length, message);

    private static string? CallIdOf(int length, byte[] message)
    {
        var match = CallIdLine().Match(Encoding.Latin1.GetString(message, 0, length));
        return match.Success ? match.Groups[1].Value.Trim() : null;
    }

    private static string Options(int serverPort) =>
        $"OPTIONS sip:127.0.0.1:{serverPort} SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5069;branch=z9hG4bK-after-torture;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"To: <sip:127.0.0.1:{serverPort}>\r\n" +
        "From: <sip:probe@127.0.0.1>;tag=after\r\n" +
        "Call-ID: after-torture@127.0.0.1\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "Content-Length: 0\r\n\r\n";

    [GeneratedRegex(@";\s*branch\s*=\s*([^;\s,]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Branch();

    [GeneratedRegex(@"^(?:Call-ID|i)\s*:\s*(\S+)", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CallIdLine();

    [GeneratedRegex(@"^SIP/2\.0 (\d{3})", RegexOptions.CultureInvariant)]
    private static partial Regex StatusLine();

    // First Via (long or compact form); IPv6 references are not in the corpus' request Vias.
    [GeneratedRegex(@"^(?:Via|v)\s*:\s*SIP\s*/\s*\d+\.\d+\s*/\s*\w+\s+([^\s:;,]+)(?::(\d+))?", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ViaLine();
}
