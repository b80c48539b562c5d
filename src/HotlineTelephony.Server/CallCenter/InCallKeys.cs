using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// Call-control feature codes keyed by the agent during a call (RFC 4733, SIP INFO or in-band from the agent's phone):
/// `*` starts a code, which acts as soon as it matches one of the dialplan's call-control features (*8XX three-way
/// with a directory entry, *110/*119/*120/*122 one-key transfer, *31 drop the third party, *32 leave); `#` alone while
/// consulting joins all three. A code not completed within three seconds is forgotten.
/// </summary>
internal sealed class InCallKeys(HotlineCallCenter center, HotlineCall call)
{
    private static readonly TimeSpan InterDigit = TimeSpan.FromSeconds(3);

    private readonly Lock _lock = new();
    private string _buffer = "";
    private DateTimeOffset _last;

    public void OnAgentDigit(char digit)
    {
        NumberRoute? route = null;
        string code;
        lock (_lock)
        {
            var now = DateTimeOffset.UtcNow;
            if (_buffer.Length > 0 && now - _last > InterDigit)
            {
                _buffer = "";
            }

            _last = now;
            if (digit == '*')
            {
                _buffer = "*";
                return;
            }

            if (_buffer.Length == 0)
            {
                if (digit == '#')
                {
                    center.JoinThreeWay(call.CallId);
                }

                return;
            }

            _buffer += digit;
            code = _buffer;
            var match = center.Dialplans.Current.Route(code);
            if (match is { Kind: NumberRouteKind.Feature, Feature: FeatureCode.ThreeWayDirectory or FeatureCode.EmergencyTransfer or FeatureCode.DropThirdParty or FeatureCode.LeaveThreeWay })
            {
                route = match;
                _buffer = "";
            }
            else if (_buffer.Length > 8)
            {
                _buffer = "";
            }
        }

        if (route is not null)
        {
            _ = ActAsync(route, code);
        }
    }

    private async Task ActAsync(NumberRoute route, string code)
    {
        switch (route.Feature)
        {
            case FeatureCode.ThreeWayDirectory:
                await center.ThreeWayAsync(call.CallId, route.ArgumentOf(code)).ConfigureAwait(false);
                break;
            case FeatureCode.EmergencyTransfer when route.Emergency is { } number:
                await center.EmergencyTransferAsync(call.CallId, number).ConfigureAwait(false);
                break;
            case FeatureCode.DropThirdParty:
                center.DropThirdParty(call.CallId);
                break;
            case FeatureCode.LeaveThreeWay:
                center.LeaveThreeWay(call.CallId);
                break;
        }
    }
}
