using System.Text.RegularExpressions;
using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.CallCenter;

/// <summary>
/// What the agents' phones saw on the wire (one SIPp's -trace_msg, every agent registered on it): each INVITE the
/// server sent is an offer of the hotline call named by X-Hotline-Call-Id to the extension in its Request-URI, which
/// lasts until the first sign that it is over (a CANCEL or BYE received, our BYE, our final error response). Lists
/// every extension offered a second call while the first was still on, every hotline call offered to a second phone
/// while the first still rang or talked, and every hotline call answered on two phones.
/// </summary>
internal sealed partial class AgentPhonesWireAudit
{
    private readonly List<string> _violations = [];
    private readonly List<Offer> _offers = [];

    private AgentPhonesWireAudit()
    {
    }

    /// <summary>One INVITE from the server to an agent's phone and how it went.</summary>
    public sealed record Offer(string DialogCallId, string Extension, string HotlineCallId, DateTime Start)
    {
        public DateTime? End { get; set; }

        /// <summary>The phone answered (200), got the ACK and no CANCEL had come: the agent was connected.</summary>
        public bool Connected => Answered && Acknowledged && !Cancelled;

        public bool Answered { get; set; }

        public bool Acknowledged { get; set; }

        public bool Cancelled { get; set; }
    }

    public IReadOnlyList<string> Violations => _violations;

    public IReadOnlyList<Offer> Offers => _offers;

    public static AgentPhonesWireAudit Of(IReadOnlyList<SipTraceMessage> messages)
    {
        var audit = new AgentPhonesWireAudit();
        audit.Read(messages);
        audit.Check();
        return audit;
    }

    private void Read(IReadOnlyList<SipTraceMessage> messages)
    {
        var byDialog = new Dictionary<string, Offer>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            if (message.Header("Call-ID") is not { } callId)
            {
                continue;
            }

            if (message.Received && message.Method == "INVITE" && !byDialog.ContainsKey(callId))
            {
                var uri = InviteUser().Match(message.Text);
                var offer = new Offer(callId, uri.Success ? uri.Groups[1].Value : "?", message.Header("X-Hotline-Call-Id") ?? "?", message.At);
                byDialog[callId] = offer;
                _offers.Add(offer);
                continue;
            }

            if (!byDialog.TryGetValue(callId, out var known))
            {
                continue;
            }

            bool inviteResponse = message.Method is null && (message.Header("CSeq")?.EndsWith("INVITE", StringComparison.Ordinal) ?? false);
            int status = message.Method is null && message.Text.Length >= 12 && int.TryParse(message.Text.AsSpan(8, 3), out int code) ? code : 0;
            switch (message.Method)
            {
                case "CANCEL" when message.Received:
                    known.Cancelled = true;
                    Ends(known, message.At);
                    break;
                case "BYE":
                    Ends(known, message.At);
                    break;
                case "ACK" when message.Received && known.Answered:
                    known.Acknowledged = true;
                    break;
                case null when !message.Received && inviteResponse && status == 200:
                    known.Answered = true;
                    break;
                case null when !message.Received && inviteResponse && status >= 300:
                    Ends(known, message.At);
                    break;
            }
        }
    }

    private static void Ends(Offer offer, DateTime at)
    {
        if (offer.End is null || at < offer.End)
        {
            offer.End = at;
        }
    }

    private void Check()
    {
        foreach (var offer in _offers.Where(o => o.End is null))
        {
            _violations.Add($"{offer.Extension}: the offer of {offer.HotlineCallId} at {offer.Start:HH:mm:ss.ffffff} never ended");
        }

        Overlaps(_offers.GroupBy(o => o.Extension), "extension", o => o.HotlineCallId);
        Overlaps(_offers.GroupBy(o => o.HotlineCallId), "hotline call", o => o.Extension);
        foreach (var call in _offers.Where(o => o.Connected).GroupBy(o => o.HotlineCallId).Where(g => g.Count() > 1))
        {
            _violations.Add($"hotline call {call.Key} answered on {string.Join(" and ", call.Select(o => o.Extension))}");
        }
    }

    private void Overlaps(IEnumerable<IGrouping<string, Offer>> groups, string what, Func<Offer, string> other)
    {
        foreach (var group in groups)
        {
            // The offer that ends last so far: a new offer must start after it ended.
            Offer? latest = null;
            foreach (var offer in group.OrderBy(o => o.Start))
            {
                if (latest?.End is { } end && offer.Start < end)
                {
                    _violations.Add($"{what} {group.Key}: offered {other(offer)} at {offer.Start:HH:mm:ss.ffffff} while {other(latest)} was on until {end:HH:mm:ss.ffffff}");
                }

                if (latest is null || (offer.End ?? offer.Start) > (latest.End ?? latest.Start))
                {
                    latest = offer;
                }
            }
        }
    }

    [GeneratedRegex(@"^INVITE sip:([^@;>\s]+)@")]
    private static partial Regex InviteUser();
}
