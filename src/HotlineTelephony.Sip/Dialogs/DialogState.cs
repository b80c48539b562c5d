namespace HotlineTelephony.Sip.Dialogs;

/// <summary>RFC 3261 §12: a dialog made by a 1xx is early, by a 2xx confirmed.</summary>
public enum DialogState
{
    Early,
    Confirmed,
    Terminated,
}
