namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// How a SIPp run ended. SIPp's exit codes: 0 every call succeeded, 1 at least one call failed, 97 stopped by an
/// internal command, 99 normal exit without any call processed, 255 (-1) fatal error, 254 (-2) could not bind.
/// </summary>
public sealed record SippResult(
    int ExitCode,
    bool KilledByHarness,
    SippStatistics? Statistics,
    string ErrorLog,
    string Output,
    string Directory)
{
    public bool AllCallsSucceeded => ExitCode == 0 && !KilledByHarness;

    /// <summary>Every message SIPp sent and received (needs <see cref="SippOptions.TraceMessages"/>), or "" if none was written.</summary>
    public string ReadMessageTrace()
    {
        string path = Path.Combine(Directory, "messages.log");
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }

    /// <summary>A one-paragraph explanation for assertion messages.</summary>
    public override string ToString() =>
        $"SIPp exit {ExitCode}{(KilledByHarness ? " (killed by the harness)" : "")}, " +
        $"successful {Statistics?.SuccessfulCalls}, failed {Statistics?.FailedCalls}, unexpected {Statistics?.FailedUnexpectedMessages}; " +
        $"files in {Directory}{Environment.NewLine}errors:{Environment.NewLine}{Truncate(ErrorLog)}{Environment.NewLine}output:{Environment.NewLine}{Truncate(Output)}";

    private static string Truncate(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];
}
