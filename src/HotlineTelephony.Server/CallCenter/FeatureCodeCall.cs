using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Grains;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Server.Calls;
using HotlineTelephony.Server.Sip;
using HotlineTelephony.Sip.Authentication;
using HotlineTelephony.Sip.UserAgents;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// An agent dialling a feature code from their phone (*21 log in, *23 ready, *24X not ready with reason X, …): the
/// action goes to the agent's grain, then the call is answered with one confirming beep (two short beeps when the
/// action was refused) and ended by us. Only a phone registered to an agent's extension may use them.
/// </summary>
internal static partial class FeatureCodeCall
{
    public static async Task RunAsync(IncomingInvite invite, AuthResult auth, Dialplan plan, FeatureCode feature, string argument, IGrainFactory grains, SipStack stack, ILogger logger)
    {
        if (auth.Extension is not { } extension || plan.FindAgentByExtension(extension) is not { } agent)
        {
            invite.Reject(403, "Feature codes are for agent phones");
            return;
        }

        bool done;
        try
        {
            done = await ApplyAsync(grains.GetGrain<IAgentGrain>(agent.Id), agent, feature, argument).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogFailed(logger, e, agent.Id, feature.ToString());
            done = false;
        }

        LogFeature(logger, agent.Id, feature.ToString(), argument, done);
        var media = stack.CreateCallMedia(invite.Request.CallId ?? "feature", invite.Source);
        var leg = media.AddLeg("agent " + agent.Id);

        // An offer-less INVITE gets our offer in the 200; its answer comes in the ACK (RFC 3261 §13.2.1).
        invite.Session.AnswerReceived += (_, sdp) => leg.ApplyAnswer(sdp);
        var answer = invite.Offer is null ? leg.CreateOffer() : leg.Answer(invite.Offer);
        if (answer is null)
        {
            invite.Reject(488);
            await media.CloseAsync().ConfigureAwait(false);
            return;
        }

        var session = invite.Session;
        session.Terminated += (_, _) => _ = media.CloseAsync().AsTask();
        session.Confirmed += _ =>
        {
            if (leg.Port is { } port)
            {
                media.Bridge.Connect(done ? new TonePort("confirm", 1000, on: TimeSpan.FromMilliseconds(600), off: TimeSpan.FromSeconds(10)) : new TonePort("refused", 480, 620, on: TimeSpan.FromMilliseconds(200), off: TimeSpan.FromMilliseconds(200)), port);
            }
        };
        invite.Accept(answer);
        await Task.Delay(TimeSpan.FromSeconds(1.2)).ConfigureAwait(false);
        session.Bye();
    }

    private static async Task<bool> ApplyAsync(IAgentGrain grain, AgentDefinition agent, FeatureCode feature, string argument)
    {
        switch (feature)
        {
            case FeatureCode.AgentLogin:
                await grain.LoginAsync(agent).ConfigureAwait(false);
                return true;
            case FeatureCode.AgentLogout:
                await grain.LogoutAsync().ConfigureAwait(false);
                return true;
            case FeatureCode.Ready:
                await grain.SetReadyAsync().ConfigureAwait(false);
                return true;
            case FeatureCode.NotReady:
                await grain.SetNotReadyAsync(argument.Length > 0 ? "reason-" + argument : "not-ready").ConfigureAwait(false);
                return true;
            case FeatureCode.EndWrapUp:
                await grain.EndWrapUpAsync().ConfigureAwait(false);
                return true;
            default:
                // Three-way, emergency transfer, drop and leave act on a call in progress: the API or in-call keys.
                return false;
        }
    }

    [LoggerMessage(EventId = 3310, Level = LogLevel.Information, Message = "Agent {AgentId}: feature {Feature} {Argument} from the phone: {Done}")]
    private static partial void LogFeature(ILogger logger, string agentId, string feature, string argument, bool done);

    [LoggerMessage(EventId = 3311, Level = LogLevel.Warning, Message = "Agent {AgentId}: feature {Feature} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string agentId, string feature);
}
