using System.Globalization;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>SIPp's final cumulative counters, the last row of its -trace_stat CSV.</summary>
public sealed record SippStatistics(
    long TotalCallsCreated,
    long SuccessfulCalls,
    long FailedCalls,
    long FailedUnexpectedMessages,
    long FailedTimeoutsOnReceive,
    long FailedMaxUdpRetransmissions,
    long OutOfCallMessages,
    long DeadCallMessages,
    long Retransmissions,
    IReadOnlyDictionary<string, string> All)
{
    /// <summary>Parses the CSV SIPp writes with -trace_stat -stf (';'-separated, header row first); null if it has no data row.</summary>
    public static SippStatistics? Parse(string csv)
    {
        string[] rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (rows.Length < 2)
        {
            return null;
        }

        string[] names = rows[0].Split(';');
        string[] values = rows[^1].Split(';');
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length && i < values.Length; i++)
        {
            if (names[i].Length > 0)
            {
                all[names[i]] = values[i];
            }
        }

        // Cumulative counters carry a "(C)" suffix; TotalCallCreated has none.
        long Count(string name) =>
            (all.TryGetValue(name + "(C)", out string? text) || all.TryGetValue(name, out text))
            && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : 0;

        return new SippStatistics(
            Count("TotalCallCreated"),
            Count("SuccessfulCall"),
            Count("FailedCall"),
            Count("FailedUnexpectedMessage"),
            Count("FailedTimeoutOnRecv"),
            Count("FailedMaxUDPRetrans"),
            Count("OutOfCallMsgs"),
            Count("DeadCallMsgs"),
            Count("Retransmissions"),
            all);
    }
}
