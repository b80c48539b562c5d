using System.Text;

namespace HotlineTelephony.Sip.Messages;

/// <summary>Method names; known ones are interned so comparing and storing them allocates nothing.</summary>
public static class SipMethods
{
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Register = "REGISTER";
    public const string Info = "INFO";
    public const string Update = "UPDATE";
    public const string Refer = "REFER";
    public const string Notify = "NOTIFY";
    public const string Subscribe = "SUBSCRIBE";
    public const string Message = "MESSAGE";
    public const string Prack = "PRACK";
    public const string Publish = "PUBLISH";

    private static readonly string[] s_known =
    [
        Invite, Ack, Bye, Cancel, Options, Register, Info, Update, Refer, Notify, Subscribe, Message, Prack, Publish,
    ];

    /// <summary>Methods this server implements; the Allow header lists them and others get 501.</summary>
    public static readonly string[] Supported = [Invite, Ack, Bye, Cancel, Options, Register, Info, Update, Refer, Notify];

    public static string Allow { get; } = string.Join(", ", Supported);

    /// <summary>Returns the interned name for known methods (methods are case-sensitive, §7.1).</summary>
    public static string Intern(ReadOnlySpan<char> method)
    {
        foreach (var known in s_known)
        {
            if (method.SequenceEqual(known))
            {
                return known;
            }
        }

        return method.ToString();
    }

    public static string Intern(ReadOnlySpan<byte> method)
    {
        foreach (var known in s_known)
        {
            if (method.Length == known.Length && Ascii.Equals(method, known))
            {
                return known;
            }
        }

        return System.Text.Encoding.UTF8.GetString(method);
    }

    public static bool IsSupported(string method) => Array.IndexOf(Supported, method) >= 0;
}
