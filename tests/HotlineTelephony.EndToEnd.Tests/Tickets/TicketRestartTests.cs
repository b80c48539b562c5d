using System.Text.RegularExpressions;
using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.Tickets;

/// <summary>
/// The built server killed with SIGKILL while tickets are being pushed, then started again on the same ticket database:
/// numbering goes on, and every ticket event is pushed (the default publisher logs each push, event 8201), where only
/// an event the first process had pushed but not yet marked may be pushed again, with the same event id.
/// </summary>
public sealed partial class TicketRestartTests
{
    [Fact]
    public async Task NoTicketPushIsLostAcrossAKillAndRestart()
    {
        const string Test = nameof(NoTicketPushIsLostAcrossAKillAndRestart);
        var tickets = Path.Combine(TestPaths.CreateTestDirectory(Test, "tickets"), "tickets.db");
        var settings = new Dictionary<string, string> { ["Tickets:ConnectionString"] = $"Data Source={tickets}" };

        List<long> firstPushes;
        await using (var first = await ServerProcess.StartAsync(Test, settings))
        {
            using var api = new HotlineApi(first);
            for (var i = 1; i <= 5; i++)
            {
                await api.PostAsync("api/tickets", new { category = "求助", content = $"重启前 {i}", callerNumber = "13800000000" });
            }

            // Killed as soon as the last ticket is stored: its push may or may not have happened.
            first.KillHard();
            firstPushes = Pushes(first.Output.Lines);
        }

        await using var second = await ServerProcess.StartAsync(Test, settings);
        using var again = new HotlineApi(second);
        var sixth = await again.PostAsync("api/tickets", new { category = "表扬", content = "重启后", callerNumber = "13800000000" });
        await second.WaitForOutputAsync("Ticket push: event 6 ", TimeSpan.FromSeconds(30));
        var secondPushes = Pushes(second.Output.Lines);

        Assert.EndsWith("-000006", sixth.GetProperty("number").GetString(), StringComparison.Ordinal);
        Assert.Equal(6, sixth.GetProperty("eventId").GetInt64());
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], firstPushes.Union(secondPushes).Order().ToList());
        Assert.Equal(secondPushes.Distinct().Count(), secondPushes.Count);
        Assert.Equal(firstPushes.Distinct().Count(), firstPushes.Count);

        // Pushed again only if the first process may not have marked it: its last push, nothing earlier.
        var repeated = firstPushes.Intersect(secondPushes).ToList();
        Assert.True(repeated.Count == 0 || (repeated.Count == 1 && repeated[0] == firstPushes.Max()), $"first {string.Join(",", firstPushes)}; second {string.Join(",", secondPushes)}");
    }

    private static List<long> Pushes(IReadOnlyList<string> lines) =>
        lines.Select(l => PushLine().Match(l)).Where(m => m.Success).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [GeneratedRegex(@"Ticket push: event (\d+) ")]
    private static partial Regex PushLine();
}
