using HotlineTelephony.Media.Audio;
using HotlineTelephony.Media.Sdp;
using HotlineTelephony.Media.Sessions;

namespace HotlineTelephony.Server.Calls;

/// <summary>
/// A re-INVITE from one side of an anchored call ends at that side's leg. When it puts the call on hold
/// (sendonly/inactive, RFC 3264 §6.1) the other side hears music; when it resumes, the two are mixed again.
/// </summary>
internal static class ReOfferHold
{
    /// <returns>The SDP answer, or null when the offer has no codec in common (the re-INVITE then gets 488).</returns>
    public static string? Answer(CallMedia media, MediaLeg from, MediaLeg? other, string offer)
    {
        var answer = from.Answer(offer);
        if (answer is null || other?.Port is not { } otherPort)
        {
            return answer;
        }

        if (from.RemoteDirection is SdpDirection.SendOnly or SdpDirection.Inactive)
        {
            media.Bridge.Hold(otherPort, new MusicOnHold("hold-music"));
        }
        else
        {
            media.Bridge.Resume(otherPort);
        }

        return answer;
    }
}
