using System.Globalization;
using System.Text.RegularExpressions;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>One SIP message from a SIPp -trace_msg file: when, which way, and its text.</summary>
public sealed partial record SipTraceMessage(DateTime At, bool Received, string Text)
{
    /// <summary>The request method ("INVITE") or null for a response.</summary>
    public string? Method => Text.StartsWith("SIP/2.0", StringComparison.Ordinal) ? null : Text.Split(' ', 2)[0];

    /// <summary>A header's value (first occurrence, case-insensitive name), or null.</summary>
    public string? Header(string name)
    {
        var match = Regex.Match(Text, $@"^{Regex.Escape(name)}:\s*(.*?)\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>Every message of a SIPp messages.log (readable while SIPp still writes it).</summary>
    public static IReadOnlyList<SipTraceMessage> Read(string directory)
    {
        string path = Path.Combine(directory, "messages.log");
        if (!File.Exists(path))
        {
            return [];
        }

        string text;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }

        var messages = new List<SipTraceMessage>();
        var blocks = Separator().Split(text);
        foreach (string block in blocks)
        {
            var header = BlockHeader().Match(block);
            if (!header.Success)
            {
                continue;
            }

            var at = DateTime.ParseExact(header.Groups["at"].Value, "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            string body = block[header.Length..].TrimStart('\r', '\n', ' ');
            messages.Add(new SipTraceMessage(at, header.Groups["dir"].Value == "received", body));
        }

        return messages;
    }

    [GeneratedRegex(@"^-{20,} ", RegexOptions.Multiline)]
    private static partial Regex Separator();

    [GeneratedRegex(@"^(?<at>\d{4}-\d\d-\d\d[ \t]\d\d:\d\d:\d\d\.\d{6})[^\n]*\n\w+ message (?<dir>sent|received)[^\n]*\n")]
    private static partial Regex BlockHeader();
}
