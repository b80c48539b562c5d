namespace HotlineTelephony.Sip.Dialogs;

/// <summary>Our role in the initial INVITE: it decides the session-timer refresher names and the 491 back-off.</summary>
public enum InviteSessionRole
{
    Uac,
    Uas,
}
