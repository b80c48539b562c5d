namespace HotlineTelephony.Sip.Dialogs;

/// <summary>
/// How the UA core finds a session: our own tag is random and unique, so Call-ID plus local tag names the session
/// even before the remote tag is known, and covers every fork of one outgoing INVITE.
/// </summary>
internal readonly record struct DialogKey(string CallId, string LocalTag);
