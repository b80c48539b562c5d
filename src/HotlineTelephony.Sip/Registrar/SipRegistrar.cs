using System.Globalization;
using HotlineTelephony.Sip.Authentication;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;
using HotlineTelephony.Sip.Transports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HotlineTelephony.Sip.Registrar;

/// <summary>
/// Processes REGISTER requests per RFC 3261 §10.3 for the agents' extensions: authenticates, checks ordering,
/// applies the contact changes to the <see cref="ILocationStore"/> and builds the response listing the bindings.
/// </summary>
/// <remarks>
/// Sans-IO: <see cref="ProcessAsync"/> takes the request and where it came from and returns the response, so the
/// transaction layer (which owns retransmissions) only has to send it.
/// </remarks>
public sealed partial class SipRegistrar
{
    private readonly RegistrarSettings _settings;
    private readonly SipRequestAuthenticator _authenticator;
    private readonly ILocationStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SipRegistrar(
        RegistrarSettings settings,
        SipRequestAuthenticator authenticator,
        ILocationStore store,
        TimeProvider time,
        ILogger<SipRegistrar>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        settings.Validate();
        _settings = settings;
        _authenticator = authenticator;
        _store = store;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Answers the REGISTER of <paramref name="transaction"/>; its retransmissions are the transaction's to absorb.</summary>
    public async ValueTask HandleAsync(ServerTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var response = await ProcessAsync(transaction.Request, transaction.Source, cancellationToken).ConfigureAwait(false);
        transaction.SendResponse(response);
    }

    /// <summary>Handles one REGISTER received from <paramref name="source"/> and returns the final response to send.</summary>
    public async ValueTask<SipResponse> ProcessAsync(SipRequest request, SipRemote source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method != SipMethods.Register)
        {
            var notAllowed = Respond(request, 405);
            notAllowed.Headers.Add(HeaderId.Allow, SipMethods.Allow);
            return notAllowed;
        }

        // Step 1: any host is accepted (phones are configured with an IP address, a name or the realm alike).
        if (!request.TryGetRequestUri(out var requestUri) || requestUri is not { IsSip: true })
        {
            return Respond(request, 416);
        }

        // Step 2: we implement no registration extension (path, outbound, gruu), so anything required is refused.
        var required = request.Headers.GetValues(HeaderId.Require);
        if (required.Count > 0)
        {
            var unsupported = Respond(request, 420);
            unsupported.Headers.Add(HeaderId.Unsupported, string.Join(", ", required));
            return unsupported;
        }

        // Step 3 before anything that depends on the AOR, so no answer can tell whether an extension exists.
        var auth = _authenticator.Authenticate(request, source);
        if (!auth.IsAccepted)
        {
            return auth.Response!;
        }

        // Step 5: the authenticator has already tied the credentials to this AOR.
        if (!NameAddress.TryParse(request.Headers.Get(HeaderId.To) ?? string.Empty, out var to) || !to.Uri.IsSip || to.Uri.UnescapedUser is not { } aor)
        {
            return Respond(request, 400, "Invalid To");
        }

        if (!_settings.Extensions.ContainsKey(aor))
        {
            return Respond(request, 404);
        }

        var now = _time.GetUtcNow();
        var contactValues = request.Headers.GetValues(HeaderId.Contact);
        if (contactValues.Count == 0)
        {
            return Ok(request, await _store.GetAsync(aor, cancellationToken).ConfigureAwait(false), now);
        }

        if (!TryBuildUpdate(request, source, aor, contactValues, now, out var update, out var rejection))
        {
            return rejection;
        }

        var outcome = await _store.UpdateAsync(update, now, cancellationToken).ConfigureAwait(false);
        if (outcome.Status == RegisterStatus.OutOfOrder)
        {
            LogOutOfOrder(_logger, aor, update.CallId, update.CSeq);
            return Respond(request, 500, "Out of order");
        }

        LogRegistered(_logger, aor, source.ToString(), outcome.Bindings.Count);
        return Ok(request, outcome.Bindings, now);
    }

    private bool TryBuildUpdate(
        SipRequest request,
        SipRemote source,
        string aor,
        List<string> contactValues,
        DateTimeOffset now,
        out RegisterUpdate update,
        out SipResponse rejection)
    {
        update = null!;
        rejection = null!;
        var callId = request.CallId ?? string.Empty;
        var cseq = request.CSeq.Number;
        var expiresHeader = request.Headers.Get(HeaderId.Expires);

        if (contactValues.Contains("*"))
        {
            // §10.3 step 6: the wildcard may only stand alone and only with Expires: 0.
            if (contactValues.Count != 1 || !TryParseSeconds(expiresHeader, out var wildcardExpires) || wildcardExpires != 0)
            {
                rejection = Respond(request, 400, "Invalid wildcard Contact");
                return false;
            }

            update = new RegisterUpdate(aor, callId, cseq, RemoveAll: true, []);
            return true;
        }

        var userAgent = request.Headers.Get(HeaderId.UserAgent);
        var headerExpires = TryParseSeconds(expiresHeader, out var parsedHeaderExpires) ? parsedHeaderExpires : (long?)null;
        var bindings = new List<ContactBinding>(contactValues.Count);
        bool tooBrief = false;
        foreach (var value in contactValues)
        {
            if (!NameAddress.TryParse(value, out var contact) || !contact.Uri.IsSip)
            {
                rejection = Respond(request, 400, "Invalid Contact");
                return false;
            }

            // An unparsable expires parameter counts as absent, as RFC 3261 §10.3 step 6 says for the header.
            long seconds = TryParseSeconds(contact.GetParameter("expires"), out var contactExpires)
                ? contactExpires
                : headerExpires ?? (long)_settings.DefaultExpires.TotalSeconds;
            var granted = TimeSpan.FromSeconds(seconds);
            if (seconds != 0 && granted < _settings.MinExpires)
            {
                tooBrief = true;
                continue;
            }

            if (granted > _settings.MaxExpires)
            {
                granted = _settings.MaxExpires;
            }

            bindings.Add(new ContactBinding(
                aor,
                new NameAddress(contact.Uri, contact.DisplayName, ParameterList.Without(contact.Parameters, "expires")),
                source,
                now + granted,
                callId,
                cseq,
                ParseQ(contact.GetParameter("q")),
                contact.GetParameter("+sip.instance"),
                userAgent));
        }

        if (tooBrief)
        {
            rejection = Respond(request, 423);
            rejection.Headers.Add(HeaderId.MinExpires, ((long)_settings.MinExpires.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            return false;
        }

        update = new RegisterUpdate(aor, callId, cseq, RemoveAll: false, bindings);
        return true;
    }

    private static SipResponse Ok(SipRequest request, IReadOnlyList<ContactBinding> bindings, DateTimeOffset now)
    {
        var response = Respond(request, 200);
        foreach (var binding in bindings)
        {
            var remaining = binding.RemainingSecondsAt(now).ToString(CultureInfo.InvariantCulture);
            response.Headers.Add(HeaderId.Contact, binding.Contact.WithParameter("expires", remaining).ToString());
        }

        // RFC 3261 §20.17: lets phones without a clock (or NTP) set theirs.
        response.Headers.Add(HeaderId.Date, now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture));
        return response;
    }

    private static SipResponse Respond(SipRequest request, int statusCode, string? reason = null) =>
        SipResponse.CreateFor(request, statusCode, reason, SipTags.Create());

    private static bool TryParseSeconds(string? text, out long seconds)
    {
        seconds = 0;
        if (text is null)
        {
            return false;
        }

        // delta-seconds may exceed 32 bits (§20.19); anything that large is clamped to MaxExpires anyway.
        var span = text.AsSpan().Trim();
        if (span.Length > 10 || !long.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out seconds))
        {
            seconds = 0;
            return false;
        }

        return true;
    }

    private static double? ParseQ(string? text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q) && q is >= 0 and <= 1 ? q : null;

    // Event ids 1400–1409: registrar. Next free: 1402.
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Extension {Extension} registered from {Source}; {Count} contact(s) now bound")]
    private static partial void LogRegistered(ILogger logger, string extension, string source, int count);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Out-of-order REGISTER for {Extension}: Call-ID {CallId} CSeq {CSeq} is not newer than the binding")]
    private static partial void LogOutOfOrder(ILogger logger, string extension, string callId, uint cseq);
}
