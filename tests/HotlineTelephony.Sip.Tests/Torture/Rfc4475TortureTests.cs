using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Tests.Torture;

/// <summary>
/// RFC 4475 torture messages, read byte-exact from the RFC's own archive (Torture/rfc4475/*.dat).
/// Expected outcomes live in <see cref="Rfc4475Expectations"/>; choices where the RFC allows several are
/// documented there.
/// </summary>
public class Rfc4475TortureTests
{
    public static TheoryData<string> Files
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var c in Rfc4475Expectations.All)
            {
                data.Add(c.File);
            }

            return data;
        }
    }

    /// <summary>The cases the server-level end-to-end tests must answer; here only their parsing is checked.</summary>
    public static TheoryData<string, int> ServerLevelCases
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var c in Rfc4475Expectations.ServerLevelCases)
            {
                data.Add(c.File, c.Status);
            }

            return data;
        }
    }

    [Fact]
    public void EveryArchivedMessageHasAnExpectationAndEveryExpectationAFile()
    {
        var onDisk = Directory.GetFiles(Rfc4475Expectations.CorpusDirectory, "*.dat").Select(Path.GetFileName).Order().ToArray();
        var expected = Rfc4475Expectations.All.Select(c => c.File).Order().ToArray();
        Assert.Equal(50, onDisk.Length);
        Assert.Equal(expected, onDisk);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void MessageGetsTheOutcomeTheRfcAsksFor(string file)
    {
        var expectation = Rfc4475Expectations.For(file);
        var bytes = Read(file);
        bool parsed = SipMessage.TryParse(bytes, out var message, out var parseError);
        var validateError = default(SipParseError);
        bool valid = parsed && SipMessageValidator.TryValidate(message!, out validateError);
        var error = parsed ? validateError : parseError;

        switch (expectation.Layer)
        {
            case TortureLayer.Valid:
            case TortureLayer.ServerLevel:
                Assert.True(valid, $"{file}: {error}");
                AssertRoundTrips(message!);
                break;

            case TortureLayer.RejectedByParser:
                Assert.False(valid, $"{file} was accepted");
                Assert.Equal(expectation.Status, error.StatusCode);
                Assert.False(string.IsNullOrEmpty(error.Reason));
                break;

            case TortureLayer.DroppedByParser:
                Assert.False(valid, $"{file} was accepted");
                Assert.False(parsed && message!.IsRequest, "Only responses are dropped silently");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(ServerLevelCases))]
    public void ServerLevelCaseReachesTheServerCoreIntact(string file, int status)
    {
        Assert.True(status is 0 or (>= 200 and < 700));
        Assert.True(SipMessage.TryParse(Read(file), out var message, out var error), error.ToString());
        Assert.True(SipMessageValidator.TryValidate(message, out error), error.ToString());
    }

    [Fact]
    public void OnAStreamTooLargeAContentLengthWaitsForMoreBytes()
    {
        // RFC 4475 §3.1.2.2: over TCP the element waits for the rest (and closes if it never comes).
        Assert.Equal(SipStreamFramer.FrameResult.Incomplete, SipStreamFramer.TryFrame(Read("clerr.dat"), 64 * 1024, out _, out _, out _));
    }

    [Theory]
    [InlineData("ncl.dat")]
    [InlineData("mcl01.dat")]
    public void OnAStreamANegativeOrConflictingContentLengthIsUnframeable(string file)
    {
        // RFC 4475 §3.1.2.3, §3.3.9: framing cannot be recovered, so the connection is closed.
        Assert.Equal(SipStreamFramer.FrameResult.Error, SipStreamFramer.TryFrame(Read(file), 64 * 1024, out _, out _, out var error));
        Assert.Contains("Content-Length", error);
    }

    [Fact]
    public void UnknownMethodsAreKeptVerbatimAndNotMistakenForKnownOnes()
    {
        var intmeth = (SipRequest)ParseValid("intmeth.dat");
        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", intmeth.Method);
        Assert.False(SipMethods.IsSupported(intmeth.Method));

        var esc02 = (SipRequest)ParseValid("esc02.dat");
        Assert.Equal("RE%47IST%45R", esc02.Method);
        Assert.False(SipMethods.IsSupported(esc02.Method));

        // C%6Fntact is an unknown header, so there are two Contact values, not three.
        Assert.Equal(2, esc02.Headers.GetValues(HeaderId.Contact).Count);
        Assert.NotNull(esc02.Headers.Get("C%6Fntact"));
    }

    [Fact]
    public void EscapedNulsInUserPartsKeepTheContactsDistinct()
    {
        var msg = ParseValid("escnull.dat");
        var contacts = msg.GetNameAddresses(HeaderId.Contact)!;
        Assert.Equal(2, contacts.Count);
        Assert.Equal("%00", contacts[0].Uri.User);
        Assert.Equal("%00%00", contacts[1].Uri.User);
        Assert.NotEqual(contacts[0].Uri, contacts[1].Uri);
        Assert.Equal("null-\0-null", msg.To.Uri.UnescapedUser);
    }

    [Fact]
    public void EscapingIsDecodedOnceAndNotRecursively()
    {
        var msg = (SipRequest)ParseValid("esc01.dat");
        Assert.Equal("sips%3Auser%40example.com", msg.RequestUri.User);
        Assert.Equal("sips:user@example.com", msg.RequestUri.UnescapedUser);
    }

    [Fact]
    public void TrailingOctetsAfterContentLengthAreIgnored()
    {
        var msg = (SipRequest)ParseValid("dblreq.dat");
        Assert.Equal(SipMethods.Register, msg.Method);
        Assert.True(msg.Body.IsEmpty);
        Assert.DoesNotContain("INVITE", msg.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SemicolonsInTheUserPartBelongToTheUser()
    {
        var msg = (SipRequest)ParseValid("semiuri.dat");
        Assert.Equal("user;par=u%40example.net", msg.RequestUri.User);
        Assert.Equal("example.com", msg.RequestUri.Host);
        Assert.Empty(msg.RequestUri.Parameters);
    }

    [Fact]
    public void UnknownTransportsInViaAreKept()
    {
        var msg = ParseValid("transports.dat");
        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], msg.Vias.Select(v => v.Transport));
    }

    [Fact]
    public void BinaryMultipartBodyIsFramedByContentLength()
    {
        var msg = ParseValid("mpart01.dat");
        Assert.Equal(msg.GetIntHeader(HeaderId.ContentLength), msg.Body.Length);
        Assert.Contains((byte)0, msg.Body.ToArray());
    }

    [Fact]
    public void ReasonPhrasesMayBeUtf8OrEmpty()
    {
        var unreason = (SipResponse)ParseValid("unreason.dat");
        Assert.Equal(200, unreason.StatusCode);
        Assert.StartsWith("= 2**3 * 5**2 но", unreason.ReasonPhrase);

        var noreason = (SipResponse)ParseValid("noreason.dat");
        Assert.Equal(100, noreason.StatusCode);
        Assert.Equal(string.Empty, noreason.ReasonPhrase);
        Assert.StartsWith("SIP/2.0 100 \r\n", noreason.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ManyViaValuesWithMixedNameCaseAreAllRead()
    {
        var msg = ParseValid("longreq.dat");
        Assert.Equal(34, msg.Vias.Count);
        Assert.Equal(34, msg.Headers.GetValues(HeaderId.Via).Count);
    }

    [Fact]
    public void ContactParameterOutsideAnglesBelongsToTheHeader()
    {
        var contact = ParseValid("cparam01.dat").GetNameAddresses(HeaderId.Contact)!.Single();
        Assert.False(contact.Uri.HasParameter("unknownparam"));
        Assert.NotNull(contact.GetParameter("unknownparam"));
    }

    [Fact]
    public void ContactParameterInsideAnglesBelongsToTheUri()
    {
        var contact = ParseValid("cparam02.dat").GetNameAddresses(HeaderId.Contact)!.Single();
        Assert.True(contact.Uri.HasParameter("unknownparam"));
        Assert.Null(contact.GetParameter("unknownparam"));
    }

    [Fact]
    public void EscapedRouteHeaderInAContactUriIsKept()
    {
        var contact = ParseValid("regescrt.dat").GetNameAddresses(HeaderId.Contact)!.Single();
        Assert.Equal("Route=%3Csip:sip.example.com%3E", contact.Uri.Headers);
    }

    [Fact]
    public void Rfc2543InviteWithoutContentLengthTakesTheRestOfTheDatagramAsBody()
    {
        var msg = ParseValid("inv2543.dat");
        Assert.Null(msg.TopVia!.Branch);
        Assert.Null(msg.From.Tag);
        Assert.False(msg.Body.IsEmpty);
    }

    private static SipMessage ParseValid(string file)
    {
        Assert.True(SipMessage.TryParse(Read(file), out var message, out var error), error.ToString());
        Assert.True(SipMessageValidator.TryValidate(message, out error), error.ToString());
        return message;
    }

    private static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(Rfc4475Expectations.CorpusDirectory, file));

    /// <summary>
    /// serialize → parse → serialize gives identical bytes, and the first serialization differs from the
    /// original only in canonical header names, Content-Length and unfolding (the same fields and values).
    /// </summary>
    internal static void AssertRoundTrips(SipMessage original)
    {
        var first = original.ToBytes();
        Assert.True(SipMessage.TryParse(first, out var reparsed, out var error), "Serialised form does not parse: " + error);
        Assert.Equal(first, reparsed.ToBytes());

        Assert.Equal(original.IsRequest, reparsed.IsRequest);
        if (original is SipRequest request)
        {
            var again = (SipRequest)reparsed;
            Assert.Equal(request.Method, again.Method);
            Assert.Equal(request.RequestUriText, again.RequestUriText);
        }
        else
        {
            var response = (SipResponse)original;
            var again = (SipResponse)reparsed;
            Assert.Equal(response.StatusCode, again.StatusCode);
            Assert.Equal(response.ReasonPhrase, again.ReasonPhrase);
        }

        var expected = Fields(original.Headers);
        var actual = Fields(reparsed.Headers);
        Assert.Equal(expected, actual);
        Assert.Equal(original.Body.ToArray(), reparsed.Body.ToArray());
    }

    private static List<(HeaderId, string, string)> Fields(SipHeaders headers)
    {
        var list = new List<(HeaderId, string, string)>();
        for (int i = 0; i < headers.Count; i++)
        {
            if (headers.IdAt(i) != HeaderId.ContentLength)
            {
                list.Add((headers.IdAt(i), headers.NameAt(i).ToLowerInvariant(), headers.ValueAt(i)));
            }
        }

        return list;
    }
}
