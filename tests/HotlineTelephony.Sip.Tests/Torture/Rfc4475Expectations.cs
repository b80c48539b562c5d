namespace HotlineTelephony.Sip.Tests.Torture;

/// <summary>Which layer decides what happens to an RFC 4475 message.</summary>
public enum TortureLayer
{
    /// <summary>Well formed: parses, validates and round-trips; nothing more is decided below the server core.</summary>
    Valid,

    /// <summary><c>SipMessage.TryParse</c> or <c>SipMessageValidator.TryValidate</c> refuses it with <see cref="TortureCase.Status"/>.</summary>
    RejectedByParser,

    /// <summary>A response the parser or validator refuses; responses are never answered, so it is dropped.</summary>
    DroppedByParser,

    /// <summary>Parses and validates; the server core answers <see cref="TortureCase.Status"/> (0: drop silently).</summary>
    ServerLevel,
}

/// <summary>One RFC 4475 message and what this stack does with it.</summary>
/// <param name="File">File name under <c>Torture/rfc4475/</c>.</param>
/// <param name="Section">RFC 4475 section.</param>
/// <param name="Layer">Where the outcome is decided.</param>
/// <param name="Status">The status answered (0 when the message is dropped or processed normally).</param>
/// <param name="Why">The RFC's wording, or the choice we made where the RFC allows several.</param>
public sealed record TortureCase(string File, string Section, TortureLayer Layer, int Status, string Why)
{
    public override string ToString() => File;
}

/// <summary>
/// The expected outcome of every message in the RFC 4475 archive. The server-level end-to-end tests use
/// <see cref="ServerLevelCases"/>: those messages pass the parser and validator and the server core must
/// answer the given status (420, 415, 483, 501, …).
/// </summary>
public static class Rfc4475Expectations
{
    public static IReadOnlyList<TortureCase> All { get; } =
    [
        // §3.1.1 valid messages: parse, validate, round-trip.
        new("wsinv.dat", "3.1.1.1", TortureLayer.Valid, 0, "All elements should treat this as a well-formed request."),
        new("intmeth.dat", "3.1.1.2", TortureLayer.ServerLevel, 501, "Well formed; endpoints generate a 501 listing the methods they understand in Allow."),
        new("esc01.dat", "3.1.1.3", TortureLayer.Valid, 0, "A parser must accept this as a well-formed message."),
        new("escnull.dat", "3.1.1.4", TortureLayer.Valid, 0, "Well formed; %00 must not truncate the AOR."),
        new("esc02.dat", "3.1.1.5", TortureLayer.ServerLevel, 501, "Well formed; RE%47IST%45R is not REGISTER, so an endpoint answers 501."),
        new("lwsdisp.dat", "3.1.1.6", TortureLayer.Valid, 0, "No LWS between display name and '<': accept."),
        new("longreq.dat", "3.1.1.7", TortureLayer.Valid, 0, "Long values and many Via values: accept."),
        new("dblreq.dat", "3.1.1.8", TortureLayer.Valid, 0, "Octets after Content-Length in a datagram are ignored."),
        new("semiuri.dat", "3.1.1.9", TortureLayer.Valid, 0, "Semicolons in the user part: accept."),
        new("transports.dat", "3.1.1.10", TortureLayer.Valid, 0, "Unknown transports in Via: accept."),
        new("mpart01.dat", "3.1.1.11", TortureLayer.Valid, 0, "Binary multipart body framed by Content-Length: accept."),
        new("unreason.dat", "3.1.1.12", TortureLayer.Valid, 0, "UTF-8 reason phrase: accept."),
        new("noreason.dat", "3.1.1.13", TortureLayer.Valid, 0, "Empty reason phrase: accept."),

        // §3.1.2 invalid messages.
        new("badinv01.dat", "3.1.2.1", TortureLayer.RejectedByParser, 400, "Extraneous header field separators: 400."),
        new("clerr.dat", "3.1.2.2", TortureLayer.RejectedByParser, 400, "Content-Length larger than the datagram: 400 over UDP (the stream framer waits instead)."),
        new("ncl.dat", "3.1.2.3", TortureLayer.RejectedByParser, 400, "Negative Content-Length: 'respond with an error'; we answer 400."),
        new("scalar02.dat", "3.1.2.4", TortureLayer.RejectedByParser, 400, "CSeq above 2**32-1: 400."),
        new("scalarlg.dat", "3.1.2.5", TortureLayer.DroppedByParser, 0, "Response with overlarge scalars: discard."),
        new("quotbal.dat", "3.1.2.6", TortureLayer.RejectedByParser, 400, "Unterminated quoted display name: 400 (the RFC's first choice; we never guess)."),
        new("ltgtruri.dat", "3.1.2.7", TortureLayer.RejectedByParser, 400, "<> around the Request-URI: 400 (the RFC calls rejecting reasonable)."),
        new("lwsruri.dat", "3.1.2.8", TortureLayer.RejectedByParser, 400, "LWS inside the Request-URI: 400."),
        new("lwsstart.dat", "3.1.2.9", TortureLayer.RejectedByParser, 400, "Several SP between Request-Line elements: rejecting is acceptable; we reject."),
        new("trws.dat", "3.1.2.10", TortureLayer.RejectedByParser, 400, "SP at the end of the Request-Line: rejecting is acceptable; we reject."),
        new("escruri.dat", "3.1.2.11", TortureLayer.RejectedByParser, 400, "Headers part in a Request-URI (RFC 3261 §19.1.1 forbids it): rejecting with 400 is acceptable; we reject."),

        // Choice: the RFC prefers accepting a bad Date unless the element uses Date; nothing in this stack reads
        // Date, and a carrier with a sloppy clock should not lose calls over it, so we accept.
        new("baddate.dat", "3.1.2.12", TortureLayer.Valid, 0, "Invalid Date time zone: the RFC allows ignoring it because Date is not used here."),
        new("regbadct.dat", "3.1.2.13", TortureLayer.RejectedByParser, 400, "name-addr with a URI header not in <>: 400 is reasonable; we reject."),
        new("badaspec.dat", "3.1.2.14", TortureLayer.RejectedByParser, 400, "Spaces inside <>: 400 is reasonable; we reject."),
        new("baddn.dat", "3.1.2.15", TortureLayer.RejectedByParser, 400, "Non-token characters in an unquoted display name: 400."),
        new("badvers.dat", "3.1.2.16", TortureLayer.RejectedByParser, 505, "Unknown protocol version: 505."),
        new("mismatch01.dat", "3.1.2.17", TortureLayer.RejectedByParser, 400, "CSeq method differs from the request method: 400."),
        new("mismatch02.dat", "3.1.2.18", TortureLayer.RejectedByParser, 501, "Unknown method with a CSeq mismatch: 501 preferred over 400."),
        new("bigcode.dat", "3.1.2.19", TortureLayer.DroppedByParser, 0, "Status code above 699: drop."),

        // §3.2. Choice: reject (the RFC's first option) instead of RFC 2543 matching; a branch that is only
        // the magic cookie would make every such request match the same transaction.
        new("badbranch.dat", "3.2.1", TortureLayer.RejectedByParser, 400, "Branch is the bare magic cookie: 400."),

        // §3.3 application-layer semantics.
        new("insuf.dat", "3.3.1", TortureLayer.RejectedByParser, 400, "Missing Call-ID, From, To: 400."),
        new("unkscm.dat", "3.3.2", TortureLayer.RejectedByParser, 416, "Unknown Request-URI scheme: must parse, then 416."),
        new("novelsc.dat", "3.3.3", TortureLayer.RejectedByParser, 416, "soap.beep: is never meaningful as a Request-URI here, so 416."),
        new("unksm2.dat", "3.3.4", TortureLayer.ServerLevel, 400, "Unknown schemes in To/From/Contact parse; a registrar answers 400 (AOR must be SIP or SIPS)."),
        new("bext01.dat", "3.3.5", TortureLayer.ServerLevel, 420, "Unknown Require / Proxy-Require: 420 with Unsupported."),
        new("invut.dat", "3.3.6", TortureLayer.ServerLevel, 415, "Unknown Content-Type at an endpoint: 415."),
        new("regaut01.dat", "3.3.7", TortureLayer.ServerLevel, 401, "Unknown Authorization scheme at an authenticating registrar: 401 with a new challenge."),
        new("multi01.dat", "3.3.8", TortureLayer.RejectedByParser, 400, "Several values in single-value fields: 400."),
        new("mcl01.dat", "3.3.9", TortureLayer.RejectedByParser, 400, "Two different Content-Length values: 'respond with an error'; we answer 400."),
        new("bcast.dat", "3.3.10", TortureLayer.ServerLevel, 0, "200 OK with a broadcast Via: parses; the endpoint discards it."),

        // The RFC: a proxy answers 483, an endpoint processes it. The B2BUA forwards calls, so the core answers 483
        // to anything it would forward; OPTIONS aimed at the server itself may still be answered normally.
        new("zeromf.dat", "3.3.11", TortureLayer.ServerLevel, 483, "Max-Forwards 0: a forwarding element answers 483 Too Many Hops."),
        new("cparam01.dat", "3.3.12", TortureLayer.ServerLevel, 200, "Contact without <>: unknownparam is a header parameter; REGISTER succeeds."),
        new("cparam02.dat", "3.3.13", TortureLayer.ServerLevel, 200, "Contact in <>: unknownparam is a URI parameter; REGISTER succeeds."),
        new("regescrt.dat", "3.3.14", TortureLayer.ServerLevel, 200, "Contact with an escaped Route header: REGISTER succeeds and keeps it."),
        new("sdp01.dat", "3.3.15", TortureLayer.ServerLevel, 406, "Accept offers no format we can answer with: 406 (400 also allowed)."),

        // §3.4.
        new("inv2543.dat", "3.4.1", TortureLayer.Valid, 0, "RFC 2543 INVITE (no branch, no tag, no Content-Length): accept."),

        // In the archive but described nowhere: no SIP-Version in the request line and a header line without
        // a colon, so it is malformed by RFC 3261 §25 and we answer 400.
        new("test.dat", "-", TortureLayer.RejectedByParser, 400, "Request line without SIP-Version: 400."),
    ];

    /// <summary>Messages whose outcome the server core decides, with the status it must answer (0: drop).</summary>
    public static IReadOnlyList<TortureCase> ServerLevelCases { get; } =
        All.Where(c => c.Layer == TortureLayer.ServerLevel).ToArray();

    public static TortureCase For(string file) => All.Single(c => c.File == file);

    /// <summary>The directory with the .dat files, next to the test assembly.</summary>
    public static string CorpusDirectory => Path.Combine(AppContext.BaseDirectory, "Torture", "rfc4475");
}
