namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>One line of baresip's accounts file: an extension registering with the server.</summary>
/// <param name="User">The extension, e.g. "1001".</param>
/// <param name="Password">Digest password, e.g. "agent1001".</param>
/// <param name="RegisterIntervalSeconds">regint: 0 sends no REGISTER at all.</param>
/// <param name="AutoAnswer">answermode=auto: answer incoming calls at once (an agent on auto-answer).</param>
/// <param name="AudioCodecs">audio_codecs: restrict the codecs offered, e.g. "PCMA" for a PCMU↔PCMA test.</param>
public sealed record BaresipAccount(string User, string Password, int RegisterIntervalSeconds = 60, bool AutoAnswer = false, string? AudioCodecs = null)
{
    internal string ToAccountsLine(string registrar, string transport) =>
        $"<sip:{User}@{registrar};transport={transport}>;auth_pass={Password};regint={RegisterIntervalSeconds}" +
        (AutoAnswer ? ";answermode=auto" : "") +
        (AudioCodecs is null ? "" : $";audio_codecs={AudioCodecs}");
}
