using System.Collections.Frozen;
using System.Text;

namespace HotlineTelephony.Sip.Messages;

/// <summary>
/// The one place where header names are canonicalised: case-insensitive long names and the RFC 3261 §7.3.3
/// compact forms (plus RFC 3515/3841/3892/4028/8224 ones) map to a <see cref="HeaderId"/> and a canonical spelling.
/// Every lookup in the stack goes through here, so a compact <c>v:</c> is never missed.
/// </summary>
public static class HeaderNames
{
    private static readonly string[] s_canonical = new string[byte.MaxValue + 1];
    private static readonly FrozenDictionary<string, HeaderId> s_byName;
    private static readonly FrozenDictionary<string, HeaderId>.AlternateLookup<ReadOnlySpan<char>> s_byChars;
    private static readonly HeaderId[] s_compact = new HeaderId[128];

    // Long names indexed by (length, first letter, last letter); the one candidate is then compared in full.
    // Two known names of one shape would share a slot: those fall back to the dictionary (none do today).
    private const HeaderId Ambiguous = (HeaderId)byte.MaxValue;
    private static readonly HeaderId[] s_byShape = new HeaderId[32 * 32 * 32];
    private static readonly byte[][] s_canonicalBytes = new byte[byte.MaxValue + 1][];

    static HeaderNames()
    {
        var map = new Dictionary<string, HeaderId>(StringComparer.OrdinalIgnoreCase);
        void Add(HeaderId id, string name, char compact = '\0')
        {
            s_canonical[(int)id] = name;
            s_canonicalBytes[(int)id] = Encoding.ASCII.GetBytes(name);
            map[name] = id;
            ref var slot = ref s_byShape[Shape(Encoding.ASCII.GetBytes(name))];
            slot = slot == HeaderId.Unknown ? id : Ambiguous;
            if (compact != '\0')
            {
                s_compact[char.ToLowerInvariant(compact)] = id;
                s_compact[char.ToUpperInvariant(compact)] = id;
                map[compact.ToString()] = id;
            }
        }

        Add(HeaderId.Accept, "Accept");
        Add(HeaderId.AcceptEncoding, "Accept-Encoding");
        Add(HeaderId.AcceptLanguage, "Accept-Language");
        Add(HeaderId.AlertInfo, "Alert-Info");
        Add(HeaderId.Allow, "Allow");
        Add(HeaderId.AllowEvents, "Allow-Events", 'u');
        Add(HeaderId.AuthenticationInfo, "Authentication-Info");
        Add(HeaderId.Authorization, "Authorization");
        Add(HeaderId.CallId, "Call-ID", 'i');
        Add(HeaderId.CallInfo, "Call-Info");
        Add(HeaderId.Contact, "Contact", 'm');
        Add(HeaderId.ContentDisposition, "Content-Disposition");
        Add(HeaderId.ContentEncoding, "Content-Encoding", 'e');
        Add(HeaderId.ContentLanguage, "Content-Language");
        Add(HeaderId.ContentLength, "Content-Length", 'l');
        Add(HeaderId.ContentType, "Content-Type", 'c');
        Add(HeaderId.CSeq, "CSeq");
        Add(HeaderId.Date, "Date");
        Add(HeaderId.ErrorInfo, "Error-Info");
        Add(HeaderId.Event, "Event", 'o');
        Add(HeaderId.Expires, "Expires");
        Add(HeaderId.From, "From", 'f');
        Add(HeaderId.InReplyTo, "In-Reply-To");
        Add(HeaderId.MaxForwards, "Max-Forwards");
        Add(HeaderId.MinExpires, "Min-Expires");
        Add(HeaderId.MinSE, "Min-SE");
        Add(HeaderId.MimeVersion, "MIME-Version");
        Add(HeaderId.Organization, "Organization");
        Add(HeaderId.PAssertedIdentity, "P-Asserted-Identity");
        Add(HeaderId.Priority, "Priority");
        Add(HeaderId.Privacy, "Privacy");
        Add(HeaderId.ProxyAuthenticate, "Proxy-Authenticate");
        Add(HeaderId.ProxyAuthorization, "Proxy-Authorization");
        Add(HeaderId.ProxyRequire, "Proxy-Require");
        Add(HeaderId.Reason, "Reason");
        Add(HeaderId.RecordRoute, "Record-Route");
        Add(HeaderId.ReferTo, "Refer-To", 'r');
        Add(HeaderId.ReferredBy, "Referred-By", 'b');
        Add(HeaderId.Replaces, "Replaces");
        Add(HeaderId.ReplyTo, "Reply-To");
        Add(HeaderId.Require, "Require");
        Add(HeaderId.RetryAfter, "Retry-After");
        Add(HeaderId.Route, "Route");
        Add(HeaderId.RSeq, "RSeq");
        Add(HeaderId.RAck, "RAck");
        Add(HeaderId.Server, "Server");
        Add(HeaderId.SessionExpires, "Session-Expires", 'x');
        Add(HeaderId.Subject, "Subject", 's');
        Add(HeaderId.SubscriptionState, "Subscription-State");
        Add(HeaderId.Supported, "Supported", 'k');
        Add(HeaderId.Timestamp, "Timestamp");
        Add(HeaderId.To, "To", 't');
        Add(HeaderId.Unsupported, "Unsupported");
        Add(HeaderId.UserAgent, "User-Agent");
        Add(HeaderId.Via, "Via", 'v');
        Add(HeaderId.Warning, "Warning");
        Add(HeaderId.WwwAuthenticate, "WWW-Authenticate");
        Add(HeaderId.AcceptContact, "Accept-Contact", 'a');
        Add(HeaderId.RejectContact, "Reject-Contact", 'j');
        Add(HeaderId.RequestDisposition, "Request-Disposition", 'd');
        Add(HeaderId.Identity, "Identity", 'y');

        s_byName = map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        s_byChars = s_byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The canonical (long) spelling, e.g. "Call-ID" for <c>i</c>.</summary>
    public static string Canonical(HeaderId id) => s_canonical[(int)id];

    /// <summary>Maps a header name as written on the wire (any case, long or compact) to its id.</summary>
    public static HeaderId Lookup(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1)
        {
            byte c = name[0];
            return c < 128 ? s_compact[c] : HeaderId.Unknown;
        }

        if (name.Length > 32 || name.IsEmpty)
        {
            return HeaderId.Unknown;
        }

        var candidate = s_byShape[Shape(name)];
        if (candidate != Ambiguous)
        {
            return candidate != HeaderId.Unknown && Ascii.EqualsIgnoreCase(name, s_canonicalBytes[(int)candidate]) ? candidate : HeaderId.Unknown;
        }

        // Header names are tokens (ASCII); widen without allocating.
        Span<char> chars = stackalloc char[name.Length];
        for (int i = 0; i < name.Length; i++)
        {
            chars[i] = (char)name[i];
        }

        return s_byChars.TryGetValue(chars, out var id) ? id : HeaderId.Unknown;
    }

    private static int Shape(ReadOnlySpan<byte> name) =>
        ((name.Length & 31) << 10) | (((name[0] | 0x20) & 31) << 5) | ((name[^1] | 0x20) & 31);

    /// <summary>Maps a header name given as text (any case, long or compact) to its id.</summary>
    public static HeaderId Lookup(string name) =>
        s_byName.TryGetValue(name, out var id) ? id : HeaderId.Unknown;

    /// <summary>Headers whose value may be a comma-separated list (RFC 3261 §7.3.1).</summary>
    public static bool IsMultiValue(HeaderId id) => id switch
    {
        HeaderId.Via or HeaderId.Route or HeaderId.RecordRoute or HeaderId.Contact or HeaderId.Allow
            or HeaderId.Supported or HeaderId.Require or HeaderId.ProxyRequire or HeaderId.Unsupported
            or HeaderId.Accept or HeaderId.AcceptEncoding or HeaderId.AcceptLanguage or HeaderId.AllowEvents
            or HeaderId.ContentEncoding or HeaderId.ContentLanguage or HeaderId.InReplyTo or HeaderId.Warning
            or HeaderId.AlertInfo or HeaderId.CallInfo or HeaderId.ErrorInfo or HeaderId.PAssertedIdentity
            or HeaderId.Privacy or HeaderId.Reason or HeaderId.AcceptContact or HeaderId.RejectContact
            or HeaderId.RequestDisposition => true,
        _ => false,
    };

    /// <summary>Headers that may appear at most once (RFC 3261 §20); a second copy makes the message invalid.</summary>
    public static bool IsSingleValue(HeaderId id) => id switch
    {
        HeaderId.CallId or HeaderId.ContentLength or HeaderId.ContentType or HeaderId.CSeq or HeaderId.From
            or HeaderId.To or HeaderId.MaxForwards or HeaderId.Expires or HeaderId.MinExpires
            or HeaderId.SessionExpires or HeaderId.MinSE => true,
        _ => false,
    };

    internal static string Materialise(ReadOnlySpan<byte> name)
    {
        var id = Lookup(name);
        return id != HeaderId.Unknown ? Canonical(id) : Encoding.ASCII.GetString(name);
    }
}
