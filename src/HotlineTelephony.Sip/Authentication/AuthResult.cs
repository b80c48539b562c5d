using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Authentication;

/// <summary>
/// What <see cref="SipRequestAuthenticator"/> decided about one request: who sent it, or the response that
/// refuses it (a challenge or 403), ready to send.
/// </summary>
public sealed class AuthResult
{
    private AuthResult(AuthStatus status, TrustedPeer? peer, string? extension, SipResponse? response)
    {
        Status = status;
        Peer = peer;
        Extension = extension;
        Response = response;
    }

    public AuthStatus Status { get; }

    /// <summary>The matched peer when <see cref="Status"/> is <see cref="AuthStatus.Trusted"/>.</summary>
    public TrustedPeer? Peer { get; }

    /// <summary>The authenticated extension when <see cref="Status"/> is <see cref="AuthStatus.Authenticated"/>.</summary>
    public string? Extension { get; }

    /// <summary>The 401, 407 or 403 to send when the request is not accepted; null when it is.</summary>
    public SipResponse? Response { get; }

    public bool IsAccepted => Status is AuthStatus.Authenticated or AuthStatus.Trusted;

    public static AuthResult Trusted(TrustedPeer peer) => new(AuthStatus.Trusted, peer, null, null);

    public static AuthResult Authenticated(string extension) => new(AuthStatus.Authenticated, null, extension, null);

    public static AuthResult Challenged(SipResponse response) => new(AuthStatus.Challenged, null, null, response);

    public static AuthResult Forbidden(SipResponse response) => new(AuthStatus.Forbidden, null, null, response);

    public override string ToString() => Status switch
    {
        AuthStatus.Trusted => $"Trusted({Peer!.Name})",
        AuthStatus.Authenticated => $"Authenticated({Extension})",
        _ => $"{Status}({Response!.StatusCode})",
    };
}
