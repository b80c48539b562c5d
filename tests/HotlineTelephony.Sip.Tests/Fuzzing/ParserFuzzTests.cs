using System.Diagnostics;
using System.Text;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Tests.Torture;
using Xunit.Abstractions;

namespace HotlineTelephony.Sip.Tests.Fuzzing;

/// <summary>
/// Mutation fuzzing of the SIP parser, model and validator. Every input must either be refused with a
/// status or parse into a message whose accessors do not throw and whose wire form round-trips.
/// A failure names the seed and iteration so it can be replayed.
/// </summary>
public class ParserFuzzTests(ITestOutputHelper output)
{
    // Fixed so CI runs are reproducible; HOTLINE_FUZZ_SEED / HOTLINE_FUZZ_ITERATIONS explore further locally.
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("HOTLINE_FUZZ_SEED"), out int s) ? s : 20261123;
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("HOTLINE_FUZZ_ITERATIONS"), out int n) ? n : 100_000;

    /// <summary>Whole-run watchdog: a hang in any one message trips it and names that message.</summary>
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(Math.Max(90, Iterations / 1000));

    private static readonly byte[][] s_injections =
    [
        "\r\n"u8.ToArray(), "\n"u8.ToArray(), "\r"u8.ToArray(), ":"u8.ToArray(), "\""u8.ToArray(), "<"u8.ToArray(),
        ">"u8.ToArray(), ";"u8.ToArray(), "%"u8.ToArray(), ","u8.ToArray(), " "u8.ToArray(), "\t"u8.ToArray(),
        "\r\n "u8.ToArray(), "\r\n\t"u8.ToArray(), "\r\n\r\n"u8.ToArray(), "\0"u8.ToArray(), "["u8.ToArray(),
        "]"u8.ToArray(), "@"u8.ToArray(), "="u8.ToArray(), "?"u8.ToArray(), "\\"u8.ToArray(), "%0"u8.ToArray(),
        "%zz"u8.ToArray(), ";;"u8.ToArray(), ",,"u8.ToArray(), "<>"u8.ToArray(), "\"\\"u8.ToArray(), "sip:"u8.ToArray(),
        "[::1]"u8.ToArray(), ":99999"u8.ToArray(), ";rport"u8.ToArray(), ";branch="u8.ToArray(), "\xff\xfe"u8.ToArray(),
        [0xC3], [0x80], [0xF0, 0x9F], [0xED, 0xA0, 0x80],
    ];

    private static readonly string[] s_numbers =
    [
        "0", "-1", "-999", "2147483647", "2147483648", "4294967295", "4294967296", "99999999999",
        "18446744073709551616", "000000000000000000000000001", "1e9", "0x10", "", " ", "+5", "255", "256", "65536",
    ];

    private static readonly string[] s_numericHeaders = ["Content-Length: ", "l: ", "CSeq: ", "Max-Forwards: ", "Expires: ", "Content-Length:", "SIP/2.0 "];

    private static readonly string[] s_seedMessages =
    [
        "INVITE sip:+861012345678@carrier.example.com;user=phone SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK-524287-1---a1b2c3d4;rport\r\n" +
        "Via: SIP/2.0/TCP [2001:db8::9:1]:5060;branch=z9hG4bK77;received=192.0.2.1, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKx\r\n" +
        "Max-Forwards: 69\r\n" +
        "Contact: \"Carrier \\\"Edge\\\"\" <sip:+8613800000000@203.0.113.5:5060;transport=udp>;expires=3600\r\n" +
        "To: <sip:+861012345678@carrier.example.com;user=phone>\r\n" +
        "From: \"Zhang, San\" <sip:+8613800000000@carrier.example.com;user=phone>;tag=as5f3e2a1b\r\n" +
        "Call-ID: 7c3f9a2e4b1d4c7e@203.0.113.5\r\n" +
        "CSeq: 102 INVITE\r\n" +
        "Route: <sip:edge1.example.com;lr>, <sip:edge2.example.com;lr>\r\n" +
        "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, INFO, UPDATE\r\n" +
        "Supported: replaces, timer\r\n" +
        "Session-Expires: 1800;refresher=uac\r\n" +
        "P-Asserted-Identity: <tel:+8613800000000>\r\n" +
        "Subject: a folded\r\n\tsubject line\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 129\r\n" +
        "\r\n" +
        "v=0\r\no=- 1 1 IN IP4 203.0.113.5\r\ns=-\r\nc=IN IP4 203.0.113.5\r\nt=0 0\r\nm=audio 16000 RTP/AVP 8 0 101\r\na=rtpmap:101 telephone-event/8000\r\n",

        "SIP/2.0 200 OK\r\n" +
        "v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds;rport=5060;received=198.51.100.7\r\n" +
        "f: <sips:alice@example.com>;tag=1928301774\r\n" +
        "t: Bob <sip:bob@example.com>;tag=a6c85cf\r\n" +
        "i: a84b4c76e66710@pc33.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "m: <sip:bob@192.0.2.4>\r\n" +
        "Record-Route: <sip:p1.example.com;lr>,<sip:p2.example.com;lr>\r\n" +
        "k: 100rel\r\n" +
        "l: 0\r\n" +
        "\r\n",

        "REGISTER sips:registrar.example.com SIP/2.0\n" +
        "Via: SIP/2.0/TLS client.example.com:5061;branch=z9hG4bKnashds7\n" +
        "Max-Forwards: 70\n" +
        "To: Bob <sips:bob@example.com>\n" +
        "From: Bob <sips:bob@example.com>;tag=a73kszlfl\n" +
        "Call-ID: 1j9FpLxk3uxtm8tn@client.example.com\n" +
        "CSeq: 1 REGISTER\n" +
        "Contact: <sips:bob@client.example.com;transport=tls?Subject=hi>;q=0.7;expires=3600, sip:bob@[::1]:5070;q=0.1\n" +
        "Expires: 7200\n" +
        "Authorization: Digest username=\"bob\", realm=\"example.com\", nonce=\"abc,def\", uri=\"sips:registrar.example.com\", response=\"0123\"\n" +
        "Content-Length: 0\n" +
        "\n",

        "\r\n\r\nBYE sip:agent-17@10.1.2.3:5080;transport=tcp SIP/2.0\r\n" +
        "Via: SIP / 2.0 / TCP 10.1.2.4 ; branch=z9hG4bKbye1\r\n" +
        "From: sip:cc@hotline.example;tag=x\r\n" +
        "To: \"Agent \\\\ 17\" <sip:agent-17@hotline.example>;tag=y\r\n" +
        "Call-ID: bye-1@10.1.2.4\r\n" +
        "CSeq: 7 BYE\r\n" +
        "Reason: Q.850;cause=16;text=\"Normal call clearing\"\r\n" +
        "Max-Forwards: 70\r\n" +
        "l: 0\r\n" +
        "\r\n",
    ];

    private static readonly byte[][] s_corpus = LoadCorpus();

    private int _current = -1;
    private byte[] _currentInput = [];
    private int _parsed;
    private int _validated;

    [Fact]
    public async Task HundredThousandMutatedMessagesNeverCrashAndAlwaysRoundTrip()
    {
        foreach (var seed in s_corpus)
        {
            _ = Exercise(seed);
        }

        var stopwatch = Stopwatch.StartNew();
        var run = Task.Factory.StartNew(Run, TaskCreationOptions.LongRunning);
        if (await Task.WhenAny(run, Task.Delay(s_budget)) != run)
        {
            Assert.Fail($"Fuzz run exceeded {s_budget.TotalSeconds} s (seed {Seed}); stuck at iteration {Volatile.Read(ref _current)}, input (base64): {Convert.ToBase64String(_currentInput)}");
        }

        await run;
        output.WriteLine($"seed {Seed}: {Iterations} mutants, {_parsed} parsed, {_validated} validated, {stopwatch.Elapsed.TotalSeconds:F1} s");
        Assert.True(_validated > Iterations / 50, "Mutations hardly ever produce valid messages; the fuzzer is not reaching the model");
        Assert.True(stopwatch.Elapsed < s_budget);
    }

    [Fact]
    public void SeedMessagesParseValidateAndRoundTrip()
    {
        foreach (var text in s_seedMessages)
        {
            Assert.True(SipMessage.TryParse(Encoding.UTF8.GetBytes(text), out var msg, out var error), error.ToString());
            Assert.True(SipMessageValidator.TryValidate(msg, out error), error.ToString());
            Rfc4475TortureTests.AssertRoundTrips(msg);
        }
    }

    private void Run()
    {
        var random = new Random(Seed);
        for (int i = 0; i < Iterations; i++)
        {
            var input = Mutate(random);
            _currentInput = input;
            Volatile.Write(ref _current, i);
            try
            {
                var outcome = Exercise(input);
                _parsed += outcome >= 1 ? 1 : 0;
                _validated += outcome == 2 ? 1 : 0;
            }
            catch (Exception e)
            {
                throw new InvalidOperationException(
                    $"Fuzz failure at iteration {i} (seed {Seed}): {e.GetType().Name}: {e.Message}\ninput (base64): {Convert.ToBase64String(input)}\ninput: {Encoding.UTF8.GetString(input)}",
                    e);
            }
        }
    }

    private static byte[] Mutate(Random random)
    {
        var data = new List<byte>(s_corpus[random.Next(s_corpus.Length)]);
        int mutations = 1 + random.Next(4);
        for (int m = 0; m < mutations; m++)
        {
            int pos = data.Count == 0 ? 0 : random.Next(data.Count + 1);
            switch (random.Next(12))
            {
                case 10 when data.Count > 0:
                    // Repeat a whole line elsewhere (duplicate headers, a second start line, header in the body).
                    var (ls, le) = LineAround(data, random.Next(data.Count));
                    data.InsertRange(LineAround(data, random.Next(data.Count)).Start, data.GetRange(ls, le - ls));
                    break;
                case 11 when data.Count > 0:
                    // Flip the case of a stretch (header names, schemes, transports, SIP/2.0).
                    int cs = random.Next(data.Count);
                    for (int k = cs; k < Math.Min(data.Count, cs + 1 + random.Next(12)); k++)
                    {
                        if (data[k] is >= (byte)'A' and <= (byte)'z' && char.IsAsciiLetter((char)data[k]))
                        {
                            data[k] ^= 0x20;
                        }
                    }

                    break;
                case 0 when data.Count > 0:
                    int bit = random.Next(data.Count);
                    data[bit] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    int n = 1 + random.Next(4);
                    for (int k = 0; k < n; k++)
                    {
                        data.Insert(pos, (byte)random.Next(256));
                    }

                    break;
                case 2 when data.Count > 0:
                    int del = Math.Min(data.Count - Math.Min(pos, data.Count - 1), 1 + random.Next(16));
                    data.RemoveRange(Math.Min(pos, data.Count - 1), del);
                    break;
                case 3 when data.Count > 0:
                    int from = random.Next(data.Count);
                    int len = Math.Min(data.Count - from, 1 + random.Next(64));
                    data.InsertRange(pos, data.GetRange(from, len));
                    break;
                case 4:
                    var other = s_corpus[random.Next(s_corpus.Length)];
                    int os = random.Next(other.Length);
                    int ol = Math.Min(other.Length - os, 1 + random.Next(200));
                    int cut = Math.Min(pos, data.Count);
                    data.RemoveRange(cut, Math.Min(data.Count - cut, random.Next(64)));
                    data.InsertRange(cut, other.AsSpan(os, ol).ToArray());
                    break;
                case 5 when data.Count > 0:
                    data.RemoveRange(pos == data.Count ? pos - 1 : pos, data.Count - (pos == data.Count ? pos - 1 : pos));
                    break;
                case 6:
                case 7:
                    data.InsertRange(pos, s_injections[random.Next(s_injections.Length)]);
                    break;
                case 8:
                    ReplaceNumber(data, random);
                    break;
                default:
                    // Replace a run of digits anywhere (ports, CSeq, status code, SDP) with an extreme value.
                    int d = IndexOfDigit(data, pos);
                    if (d >= 0)
                    {
                        int e = d;
                        while (e < data.Count && data[e] is >= (byte)'0' and <= (byte)'9')
                        {
                            e++;
                        }

                        data.RemoveRange(d, e - d);
                        data.InsertRange(d, Encoding.ASCII.GetBytes(s_numbers[random.Next(s_numbers.Length)]));
                    }

                    break;
            }
        }

        return data.ToArray();
    }

    /// <summary>The line holding <paramref name="index"/>, including its line end.</summary>
    private static (int Start, int End) LineAround(List<byte> data, int index)
    {
        int start = index;
        while (start > 0 && data[start - 1] != (byte)'\n')
        {
            start--;
        }

        int end = index;
        while (end < data.Count && data[end] != (byte)'\n')
        {
            end++;
        }

        return (start, Math.Min(end + 1, data.Count));
    }

    private static void ReplaceNumber(List<byte> data, Random random)
    {
        var text = Encoding.Latin1.GetString(data.ToArray());
        var header = s_numericHeaders[random.Next(s_numericHeaders.Length)];
        int at = text.IndexOf(header, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return;
        }

        int start = at + header.Length;
        int end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        data.RemoveRange(start, end - start);
        data.InsertRange(start, Encoding.ASCII.GetBytes(s_numbers[random.Next(s_numbers.Length)]));
    }

    private static int IndexOfDigit(List<byte> data, int from)
    {
        for (int i = from; i < data.Count; i++)
        {
            if (data[i] is >= (byte)'0' and <= (byte)'9')
            {
                return i;
            }
        }

        return -1;
    }

    /// <returns>0: refused by the parser; 1: parsed but refused by the validator; 2: valid.</returns>
    private static int Exercise(byte[] input)
    {
        var bounds = new BoundsCheckingHandler(input.Length);
        bool spanParsed = SipParser.TryParse(input, ref bounds, out var spanError);

        ExerciseFramer(input);

        if (!SipMessage.TryParse(input, out var message, out var error))
        {
            Assert.False(spanParsed);
            Assert.Equal(spanError, error);
            Assert.True(error.StatusCode is 400 or 505, error.ToString());
            Assert.False(string.IsNullOrEmpty(error.Reason));
            return 0;
        }

        Assert.True(spanParsed);
        bool valid = SipMessageValidator.TryValidate(message, out error);
        if (!valid)
        {
            Assert.True(error.StatusCode is 400 or 416 or 501 or 505, error.ToString());
        }

        TouchEverything(message, valid);

        var first = message.ToBytes();
        if (!SipMessage.TryParse(first, out var reparsed, out var reparseError))
        {
            Assert.Fail("Serialised form does not parse: " + reparseError + "\n" + Encoding.UTF8.GetString(first));
        }

        var second = reparsed.ToBytes();
        Assert.True(first.AsSpan().SequenceEqual(second), "Round trip differs:\n" + Encoding.UTF8.GetString(first) + "\n----\n" + Encoding.UTF8.GetString(second));

        // What we accepted we must still accept after forwarding it.
        if (valid)
        {
            Assert.True(SipMessageValidator.TryValidate(reparsed, out var again), "Serialised form no longer validates: " + again + "\n" + Encoding.UTF8.GetString(first));
            TouchEverything(reparsed, valid: true);
        }

        return valid ? 2 : 1;
    }

    private static void ExerciseFramer(byte[] input)
    {
        var result = SipStreamFramer.TryFrame(input, 4096, out int start, out int length, out var frameError);
        Assert.True(start >= 0 && length >= 0 && start + length <= input.Length);
        Assert.Equal(result == SipStreamFramer.FrameResult.Error, frameError is not null);
        if (result is SipStreamFramer.FrameResult.Message or SipStreamFramer.FrameResult.KeepAlive)
        {
            Assert.True(length > 0);
        }
    }

    private static void TouchEverything(SipMessage message, bool valid)
    {
        var headers = message.Headers;
        for (int i = 0; i < headers.Count; i++)
        {
            var id = headers.IdAt(i);
            _ = headers.NameAt(i);
            _ = headers.ValueAt(i);
            _ = headers.RawValueAt(i).Length;
            _ = headers.GetValues(id);
            _ = headers.GetFirstValue(id);
            _ = headers.Get(headers.NameAt(i));
            _ = headers.CountOf(id);
        }

        _ = message.CallId;
        _ = message.ContentType;
        _ = message.TopVia?.ToString();
        foreach (var via in message.Vias)
        {
            _ = (via.Branch, via.Received, via.RPort, via.HasRPort, via.MAddr, via.IsRfc3261Branch);
            Assert.True(ViaHeader.TryParse(via.ToString(), out var again), "Via does not re-parse: " + via);
            Assert.Equal(via.ToString(), again.ToString());
        }

        foreach (var id in (ReadOnlySpan<HeaderId>)[HeaderId.Contact, HeaderId.Route, HeaderId.RecordRoute, HeaderId.From, HeaderId.To, HeaderId.ReferTo, HeaderId.PAssertedIdentity])
        {
            if (message.GetNameAddresses(id) is { } list)
            {
                foreach (var na in list)
                {
                    TouchNameAddress(na);
                }
            }
        }

        _ = message.GetIntHeader(HeaderId.MaxForwards);
        _ = message.GetIntHeader(HeaderId.Expires);
        _ = message.HasOptionTag(HeaderId.Require, "100rel");
        _ = CSeqHeader.TryParse(headers.Get(HeaderId.CSeq) ?? string.Empty, out _);
        foreach (var id in (ReadOnlySpan<HeaderId>)[HeaderId.Via, HeaderId.Route, HeaderId.Contact])
        {
            // What a proxy does to the top Via / a loose router to the top Route: exactly the first value goes.
            var copy = headers.Clone();
            var before = copy.GetValues(id);
            Assert.Equal(before.FirstOrDefault(), copy.GetFirstValue(id));
            copy.RemoveFirstValue(id);
            Assert.Equal(before.Skip(1), copy.GetValues(id));
        }

        if (message is SipRequest request)
        {
            _ = request.RequestUriText;
            _ = request.MaxForwards;
            if (request.TryGetRequestUri(out var uri))
            {
                TouchUri(uri!);
            }
        }
        else
        {
            var response = (SipResponse)message;
            _ = (response.StatusCode, response.ReasonPhrase, response.IsProvisional, response.IsSuccess);
        }

        if (!valid)
        {
            return;
        }

        // Accessors that throw FormatException by design are safe once the validator has passed.
        _ = message.CSeq.ToString();
        TouchNameAddress(message.From);
        TouchNameAddress(message.To);
        Assert.NotNull(message.TopVia);
        if (message is SipRequest validRequest)
        {
            TouchUri(validRequest.RequestUri);
            var response = SipResponse.CreateFor(validRequest, 200, toTag: "fuzz");
            _ = response.ToBytes();
            Assert.Equal(validRequest.CSeq, response.CSeq);
        }
    }

    private static void TouchNameAddress(NameAddress na)
    {
        _ = (na.DisplayName, na.Tag, na.ToString());
        TouchUri(na.Uri);
        Assert.True(NameAddress.TryParse(na.ToString(), out _), "name-addr does not re-parse: " + na);
    }

    private static void TouchUri(SipUri uri)
    {
        _ = (uri.Scheme, uri.User, uri.Host, uri.Port, uri.Transport, uri.HostAndPort, uri.HostAddress, uri.UnescapedUser);
        _ = uri.GetHashCode();
        _ = uri.Equals(uri);
        _ = uri.WithoutHeaders().ToString();
        Assert.True(SipUri.TryParse(uri.ToString(), out var again), "URI does not re-parse: " + uri);
        Assert.Equal(uri, again);
    }

    private static byte[][] LoadCorpus()
    {
        var corpus = s_seedMessages.Select(Encoding.UTF8.GetBytes).ToList();
        if (Directory.Exists(Rfc4475Expectations.CorpusDirectory))
        {
            corpus.AddRange(Directory.GetFiles(Rfc4475Expectations.CorpusDirectory, "*.dat").Order(StringComparer.Ordinal).Select(File.ReadAllBytes));
        }

        return corpus.ToArray();
    }

    /// <summary>Checks that every offset the span parser hands out lies inside the input.</summary>
    private struct BoundsCheckingHandler(int length) : ISipParseHandler
    {
        public readonly void OnRequestLine(int methodStart, int methodLength, int uriStart, int uriLength)
        {
            Check(methodStart, methodLength);
            Check(uriStart, uriLength);
        }

        public readonly void OnStatusLine(int statusCode, int reasonStart, int reasonLength)
        {
            Assert.InRange(statusCode, 100, 699);
            Check(reasonStart, reasonLength);
        }

        public readonly void OnHeader(HeaderId id, int nameStart, int nameLength, int valueStart, int valueLength, bool folded)
        {
            Check(nameStart, nameLength);
            Check(valueStart, valueLength);
            Assert.True(nameLength > 0);
        }

        public readonly void OnBody(int start, int bodyLength) => Check(start, bodyLength);

        private readonly void Check(int start, int count) =>
            Assert.True(start >= 0 && count >= 0 && start + count <= length, $"Range {start}+{count} outside {length} bytes");
    }
}
