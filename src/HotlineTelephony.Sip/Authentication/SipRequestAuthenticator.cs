using System.Security.Cryptography;
using System.Text;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HotlineTelephony.Sip.Authentication;

/// <summary>
/// Decides who sent a request: a trusted trunk or gateway (by source address), or an extension proven by
/// Digest. Used by the registrar for REGISTER and by the server for INVITE and other out-of-dialog requests.
/// </summary>
/// <remarks>
/// A wrong password, an unknown user and credentials for someone else's AOR all get the same 403 after the
/// same hashing work, so the answer says nothing about which extensions exist.
/// </remarks>
public sealed partial class SipRequestAuthenticator
{
    private const string ForbiddenReason = "Forbidden";

    private readonly string _realm;
    private readonly IReadOnlyDictionary<string, string> _passwords;
    private readonly TrustedPeers _trustedPeers;
    private readonly NonceService _nonces;
    private readonly DigestVerifier _verifier;
    private readonly NonceCountTracker _nonceCounts;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<DigestAlgorithm> _challengeAlgorithms;

    // Not secret and the same on every node (nonces are stateless, so a retry may reach another node): it only
    // lets a client tell our challenges apart from a proxy's in the same realm.
    private readonly string _opaque;

    /// <param name="realm">The digest realm.</param>
    /// <param name="passwords">Extension to digest password (the registrar settings' Extensions).</param>
    /// <param name="challengeAlgorithms">
    /// Algorithms offered, one challenge header each, in this order (default SHA-256 then MD5, RFC 8760). Many
    /// deployed phones and SIPp answer only the first header, so a site may put MD5 first.
    /// </param>
    public SipRequestAuthenticator(
        string realm,
        IReadOnlyDictionary<string, string> passwords,
        TrustedPeers trustedPeers,
        NonceService nonces,
        TimeProvider time,
        ILogger<SipRequestAuthenticator>? logger = null,
        IReadOnlyList<DigestAlgorithm>? challengeAlgorithms = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(realm);
        ArgumentNullException.ThrowIfNull(passwords);
        ArgumentNullException.ThrowIfNull(trustedPeers);
        ArgumentNullException.ThrowIfNull(nonces);
        ArgumentNullException.ThrowIfNull(time);
        _realm = realm;
        _challengeAlgorithms = challengeAlgorithms is { Count: > 0 } ? challengeAlgorithms : [DigestAlgorithm.Sha256, DigestAlgorithm.Md5];
        _passwords = passwords;
        _trustedPeers = trustedPeers;
        _nonces = nonces;
        _verifier = new DigestVerifier(nonces);
        _nonceCounts = new NonceCountTracker(time, nonces.Lifetime + TimeSpan.FromMinutes(1));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _opaque = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("opaque:" + realm)).AsSpan(0, 8));
    }

    public TrustedPeers TrustedPeers => _trustedPeers;

    /// <summary>
    /// Authenticates <paramref name="request"/> received from <paramref name="source"/>. REGISTER is never trusted
    /// by address (an agent's registration must prove the agent), and its credentials must be for the To AOR.
    /// </summary>
    public AuthResult Authenticate(SipRequest request, SipRemote source)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool isRegister = request.Method == SipMethods.Register;
        if (!isRegister && _trustedPeers.TryMatch(source.EndPoint.Address, out var peer))
        {
            return AuthResult.Trusted(peer);
        }

        var credentialsHeader = isRegister ? HeaderId.Authorization : HeaderId.ProxyAuthorization;
        var credentials = FindCredentials(request, credentialsHeader);
        if (credentials is null)
        {
            return Challenge(request, stale: false);
        }

        _passwords.TryGetValue(credentials.Username, out var password);
        var result = _verifier.Verify(credentials, request.Method, password, _realm);

        // Checked after the digest so a mismatch costs the same as any other failure.
        bool uriMatches = DigestUriMatches(credentials.Uri, request);
        switch (result)
        {
            case DigestResult.Malformed:
            case DigestResult.InvalidNonce:
                // Not an answer to any challenge of ours (old node secret, other realm, unsupported algorithm):
                // offer a fresh one instead of refusing, as a phone moved from another server would need.
                return Challenge(request, stale: false);
            case DigestResult.Stale:
                return Challenge(request, stale: true);
            case DigestResult.Ok when uriMatches:
                break;
            default:
                LogDigestFailed(_logger, request.Method, source.ToString());
                return Forbidden(request);
        }

        if (isRegister && !string.Equals(credentials.Username, ToUser(request), StringComparison.Ordinal))
        {
            // An agent's password must not let it register (and so take the calls of) another extension.
            LogRegisterForOtherAor(_logger, credentials.Username, source.ToString());
            return Forbidden(request);
        }

        if (!_nonceCounts.TryAccept(credentials.Nonce, credentials.NonceCount))
        {
            // A replayed header; an honest client that reused an nc simply retries with the fresh nonce.
            LogNonceCountReplay(_logger, credentials.Username, source.ToString());
            return Challenge(request, stale: true);
        }

        return AuthResult.Authenticated(credentials.Username);
    }

    private DigestCredentials? FindCredentials(SipRequest request, HeaderId header)
    {
        // A request may carry credentials for several realms (one per proxy on the path); only ours count.
        // Credentials for another realm are ignored rather than refused, which ends in a fresh challenge.
        var headers = request.Headers;
        for (int i = headers.IndexOf(header); i >= 0; i = headers.IndexOf(header, i + 1))
        {
            if (DigestCredentials.TryParse(headers.ValueAt(i), out var credentials)
                && string.Equals(credentials.Realm, _realm, StringComparison.Ordinal))
            {
                return credentials;
            }
        }

        return null;
    }

    private static bool DigestUriMatches(string digestUri, SipRequest request)
    {
        if (string.Equals(digestUri, request.RequestUriText, StringComparison.Ordinal))
        {
            return true;
        }

        // Some phones re-serialise the URI (case of the host, parameter order); compare as SIP URIs then.
        return SipUri.TryParse(digestUri, out var parsed)
            && request.TryGetRequestUri(out var requestUri)
            && parsed.Equals(requestUri);
    }

    private static string? ToUser(SipRequest request) =>
        NameAddress.TryParse(request.Headers.Get(HeaderId.To) ?? string.Empty, out var to) ? to.Uri.UnescapedUser : null;

    private AuthResult Challenge(SipRequest request, bool stale)
    {
        bool isRegister = request.Method == SipMethods.Register;
        var response = SipResponse.CreateFor(request, isRegister ? 401 : 407, toTag: SipTags.Create());
        var header = isRegister ? HeaderId.WwwAuthenticate : HeaderId.ProxyAuthenticate;
        foreach (var offer in DigestChallenge.CreateOffers(_realm, _nonces.Create(_realm), _challengeAlgorithms, _opaque, stale))
        {
            response.Headers.Add(header, offer.ToHeaderValue());
        }

        return AuthResult.Challenged(response);
    }

    private static AuthResult Forbidden(SipRequest request) =>
        AuthResult.Forbidden(SipResponse.CreateFor(request, 403, ForbiddenReason, SipTags.Create()));

    // Event ids 1420–1429: authentication. Next free: 1423.
    // The username is logged for the AOR mismatch only: there it is a configured extension, not a guess.
    [LoggerMessage(EventId = 1420, Level = LogLevel.Warning, Message = "Digest authentication failed for {Method} from {Source}")]
    private static partial void LogDigestFailed(ILogger logger, string method, string source);

    [LoggerMessage(EventId = 1421, Level = LogLevel.Warning, Message = "Extension {Extension} tried to REGISTER another AOR from {Source}")]
    private static partial void LogRegisterForOtherAor(ILogger logger, string extension, string source);

    [LoggerMessage(EventId = 1422, Level = LogLevel.Warning, Message = "Replayed digest nonce-count for {Extension} from {Source}")]
    private static partial void LogNonceCountReplay(ILogger logger, string extension, string source);
}
