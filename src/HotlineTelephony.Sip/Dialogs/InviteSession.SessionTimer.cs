using System.Globalization;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Timers;

namespace HotlineTelephony.Sip.Dialogs;

public sealed partial class InviteSession
{
    private int _sessionInterval;
    private bool _weRefresh;
    private bool _refreshInFlight;
    private bool _peerAllowsUpdate;
    private int _minSe;
    private int _requestedSe;
    private TimerHandle _refreshTimer;
    private TimerHandle _expiryTimer;

    /// <summary>
    /// RFC 4028 headers on a request we send. The initial INVITE asks for our interval and leaves the refresher to
    /// the UAS; later INVITEs and UPDATEs restate the current interval and who refreshes.
    /// </summary>
    private void AddSessionTimerHeaders(SipRequest request, bool initial)
    {
        if (!_core.Options.SessionTimersEnabled)
        {
            return;
        }

        if (_minSe == 0)
        {
            _minSe = (int)_core.Options.MinSessionExpires.TotalSeconds;
        }

        SessionExpiresHeader se = initial || _sessionInterval == 0
            ? new(Math.Max(_requestedSe == 0 ? (int)_core.Options.SessionExpires.TotalSeconds : _requestedSe, _minSe), null)
            : new(_sessionInterval, _weRefresh ? SessionExpiresHeader.Uac : SessionExpiresHeader.Uas);
        request.Headers.Set(HeaderId.SessionExpires, se.ToString());
        request.Headers.Set(HeaderId.MinSE, _minSe.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// RFC 4028 §9 for a 2xx we send to an INVITE or UPDATE: the peer's interval (raised to both floors) or ours;
    /// the refresher it picked, else the UAC when it supports timers, else us. Require: timer only when it does.
    /// </summary>
    private void NegotiateAsUas(SipRequest request, SipResponse response)
    {
        if (!_core.Options.SessionTimersEnabled)
        {
            return;
        }

        bool peerSupports = request.HasOptionTag(HeaderId.Supported, "timer") || request.HasOptionTag(HeaderId.Require, "timer");
        int floor = Math.Max((int)_core.Options.MinSessionExpires.TotalSeconds, request.GetIntHeader(HeaderId.MinSE) ?? 0);
        bool asked = SessionExpiresHeader.TryParse(request.Headers.Get(HeaderId.SessionExpires), out var requested);
        int interval = Math.Max(asked ? requested.Seconds : (int)_core.Options.SessionExpires.TotalSeconds, floor);
        string refresher = peerSupports ? (asked ? requested.Refresher : null) ?? SessionExpiresHeader.Uac : SessionExpiresHeader.Uas;
        response.Headers.Set(HeaderId.SessionExpires, new SessionExpiresHeader(interval, refresher).ToString());
        if (peerSupports)
        {
            response.Headers.Add(HeaderId.Require, "timer");
        }

        StartSessionTimer(interval, weRefresh: refresher == SessionExpiresHeader.Uas);
    }

    /// <summary>
    /// RFC 4028 §7.2 for a 2xx to an INVITE or UPDATE we sent: its Session-Expires decides; without one the peer
    /// does not do timers and we refresh alone, so a vanished peer still ends the call.
    /// </summary>
    private void ApplyUacSessionTimer(SipResponse response, bool initial)
    {
        if (!_core.Options.SessionTimersEnabled)
        {
            return;
        }

        if (SessionExpiresHeader.TryParse(response.Headers.Get(HeaderId.SessionExpires), out var granted))
        {
            StartSessionTimer(granted.Seconds, weRefresh: granted.Refresher != SessionExpiresHeader.Uas);
        }
        else
        {
            int interval = initial || _sessionInterval == 0 ? Math.Max(_requestedSe, _minSe) : _sessionInterval;
            StartSessionTimer(interval, weRefresh: true);
        }
    }

    /// <summary>
    /// The refresher refreshes at half the interval (and gives up at the full interval if every refresh failed);
    /// the other side ends the session at interval − min(32 s, interval/3) without a refresh (RFC 4028 §10).
    /// </summary>
    private void StartSessionTimer(int intervalSeconds, bool weRefresh)
    {
        StopSessionTimer();
        _sessionInterval = intervalSeconds;
        _weRefresh = weRefresh;
        var interval = TimeSpan.FromSeconds(intervalSeconds);
        if (weRefresh)
        {
            _refreshTimer = _core.Wheel.Schedule(interval / 2, this, s_sessionRefreshTimer);
            _expiryTimer = _core.Wheel.Schedule(interval, this, s_sessionExpiryTimer);
        }
        else
        {
            var margin = TimeSpan.FromSeconds(Math.Min(32, intervalSeconds / 3.0));
            _expiryTimer = _core.Wheel.Schedule(interval - margin, this, s_sessionExpiryTimer);
        }

        Log.SessionTimer(_logger, CallId, intervalSeconds, weRefresh);
    }

    private void StopSessionTimer()
    {
        _refreshTimer.Cancel();
        _expiryTimer.Cancel();
    }

    private void OnSessionRefreshDue()
    {
        if (State != InviteSessionState.Confirmed)
        {
            return;
        }

        // An INVITE already under way carries the session-timer headers and refreshes when it completes.
        if (_reInvite is not null || _ackWait is not null || _glarePending || _updateInFlight)
        {
            return;
        }

        Log.Refreshing(_logger, CallId, _peerAllowsUpdate ? SipMethods.Update : SipMethods.Invite);
        if (_peerAllowsUpdate)
        {
            // UPDATE without a body refreshes without touching media (RFC 4028 §7.1 prefers it).
            var update = Dialog!.CreateRequest(SipMethods.Update);
            _core.AddCapabilities(update);
            _core.AddUserAgentHeader(update);
            AddSessionTimerHeaders(update, initial: false);
            _updateInFlight = true;
            _refreshInFlight = true;
            SendInDialog(update);
        }
        else
        {
            StartReInvite(LocalSdp, isRefresh: true);
        }
    }

    private void OnSessionExpired()
    {
        Log.SessionExpired(_logger, CallId, _sessionInterval);
        SendByeAndTerminate(TerminationReason.SessionExpired, 408);
    }
}
