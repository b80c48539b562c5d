using HotlineTelephony.Media.Sessions;
using HotlineTelephony.Sip.Dialogs;
using HotlineTelephony.Sip.UserAgents;

namespace HotlineTelephony.Server.Calls;

/// <summary>
/// A dial-in conference number: every caller joins one N-party mix in which each hears all the others and never
/// itself. The room's media lives while at least one member is in it.
/// </summary>
internal sealed class ConferenceRoom
{
    private readonly string _number;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<MediaLeg> _members = [];
    private CallMedia? _media;

    public ConferenceRoom(string number, ILogger logger)
    {
        _number = number;
        _logger = logger;
    }

    /// <summary>Adds the caller to the mix; <paramref name="createMedia"/> makes the room's media when it is empty.</summary>
    public void Join(IncomingInvite invite, Func<CallMedia> createMedia)
    {
        if (invite.Offer is null)
        {
            invite.Reject(488, "Not Acceptable Here", [new("Warning", "399 hotline \"Conference members must offer SDP\"")]);
            return;
        }

        CallMedia media;
        MediaLeg leg;
        lock (_lock)
        {
            media = _media ??= createMedia();
            leg = media.AddLeg(invite.Request.CallId ?? "member");
        }

        var answer = leg.Answer(invite.Offer);
        if (answer is null)
        {
            invite.Reject(488, "Not Acceptable Here", [new("Warning", "305 hotline \"Incompatible media format\"")]);
            _ = LeaveAsync(leg);
            return;
        }

        leg.Digit += (l, digit) => CallMediaLog.Digit(_logger, media.CallId, l, digit);
        leg.TimedOut += _ => invite.Session.Bye();
        invite.Session.OfferHandler = (_, offer) => leg.Answer(offer);
        invite.Session.Confirmed += _ => Connect(media, leg);
        invite.Session.Terminated += (_, _) => _ = LeaveAsync(leg);
        invite.Accept(answer);
    }

    private void Connect(CallMedia media, MediaLeg leg)
    {
        if (leg.Port is not { } port)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var member in _members)
            {
                if (member.Port is { } other)
                {
                    media.Bridge.Connect(port, other);
                    media.Bridge.Connect(other, port);
                }
            }

            _members.Add(leg);
        }
    }

    private async Task LeaveAsync(MediaLeg leg)
    {
        CallMedia? closing = null;
        CallMedia? media;
        lock (_lock)
        {
            media = _media;
            _members.Remove(leg);
            if (_members.Count == 0 && media is not null && media.Legs.Count <= 1)
            {
                closing = media;
                _media = null;
            }
        }

        try
        {
            if (closing is not null)
            {
                var legs = closing.Legs;
                await closing.CloseAsync().ConfigureAwait(false);
                CallMediaLog.Record(_logger, closing.CallId, null, legs);
            }
            else if (media is not null)
            {
                await media.RemoveLegAsync(leg).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            CallMediaLog.CloseFailed(_logger, e, "conference-" + _number);
        }
    }
}
