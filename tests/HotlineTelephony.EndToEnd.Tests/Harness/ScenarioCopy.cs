using System.Globalization;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// Per-test copies of SIPp scenarios with literal values replaced: SIPp takes no keyword in a timeout or a pause, so a
/// test that needs another hold time or key delay writes its own copy (the scenario's comment names the values).
/// </summary>
public static class ScenarioCopy
{
    /// <summary>
    /// Copies Scenarios/<paramref name="scenario"/> into a fresh folder of the test with each (old, new) replaced in
    /// the scenario body (after the header comment, which names the values): an old text that is missing there or
    /// repeated throws, so a renamed scenario value fails loudly.
    /// </summary>
    public static string Write(string testName, string scenario, params (string Old, string New)[] replacements)
    {
        string text = File.ReadAllText(Path.Combine(TestPaths.ScenariosDirectory, scenario));
        int body = text.IndexOf("<scenario", StringComparison.Ordinal);
        foreach (var (old, replacement) in replacements)
        {
            int first = text.IndexOf(old, body, StringComparison.Ordinal);
            if (first < 0 || text.IndexOf(old, first + 1, StringComparison.Ordinal) >= 0)
            {
                throw new InvalidOperationException($"{scenario} must contain '{old}' exactly once.");
            }

            text = string.Concat(text.AsSpan(0, first), replacement, text.AsSpan(first + old.Length));
        }

        string path = Path.Combine(TestPaths.CreateTestDirectory(testName, "scenario"), scenario);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>uac_queue_caller.xml waiting up to <paramref name="hold"/> for the server's BYE before hanging up itself.</summary>
    public static string QueueCaller(string testName, TimeSpan hold) =>
        Write(testName, "uac_queue_caller.xml", ("timeout=\"20000\"", $"timeout=\"{Milliseconds(hold)}\""));

    /// <summary>
    /// uac_queue_caller.xml as <see cref="QueueCaller"/>, with its SDP naming <paramref name="mediaPort"/> on 127.0.0.1
    /// (an <see cref="RtpListener"/>) instead of SIPp's own media port, so the test hears what the server sends the caller.
    /// </summary>
    public static string QueueCallerWithMediaAt(string testName, TimeSpan hold, int mediaPort) =>
        Write(
            testName,
            "uac_queue_caller.xml",
            ("timeout=\"20000\"", $"timeout=\"{Milliseconds(hold)}\""),
            ("m=audio [media_port] ", $"m=audio {mediaPort.ToString(CultureInfo.InvariantCulture)} "));

    /// <summary>
    /// uac_queue_caller_presses_key.xml: a queued caller who presses <paramref name="key"/> (SIP INFO dtmf-relay) once,
    /// <paramref name="keyAfter"/> after the ACK, then waits up to <paramref name="hold"/> for the server's BYE.
    /// </summary>
    public static string CallerPressingKey(string testName, char key, TimeSpan keyAfter, TimeSpan hold) =>
        Write(
            testName,
            "uac_queue_caller_presses_key.xml",
            ("milliseconds=\"21000\"", $"milliseconds=\"{Milliseconds(keyAfter)}\""),
            ("Signal=2", $"Signal={key}"),
            ("timeout=\"20000\"", $"timeout=\"{Milliseconds(hold)}\""));

    /// <summary>
    /// uac_queue_caller_leaves_voice_message.xml: presses 1 <paramref name="keyAfter"/> after the ACK, streams G.711
    /// speech (SIPp's pcap/g711a.pcap) and hangs up.
    /// </summary>
    public static string CallerLeavingVoiceMessage(string testName, TimeSpan keyAfter) =>
        Write(testName, "uac_queue_caller_leaves_voice_message.xml", ("milliseconds=\"21000\"", $"milliseconds=\"{Milliseconds(keyAfter)}\""));

    private static string Milliseconds(TimeSpan time) => ((long)time.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
