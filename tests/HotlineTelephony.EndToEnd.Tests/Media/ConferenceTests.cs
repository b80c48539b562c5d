using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.Media;

/// <summary>Three softphones dial one conference room: each must hear the two others' tones and not its own.</summary>
public sealed class ConferenceTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);
    private static readonly int[] s_tones = [440, 1000, 1700];

    /// <param name="room">8000 is a room of the settings (Hotline:ConferenceRooms); 8801 is the shipped dialplan's room-1.</param>
    [Theory]
    [InlineData("8000")]
    [InlineData("8801")]
    public async Task EachConferenceMemberHearsTheOtherTwoAndNotItself(string room)
    {
        const string Test = nameof(EachConferenceMemberHearsTheOtherTwoAndNotItself);
        await using var server = await ServerProcess.StartAsync(Test, new Dictionary<string, string> { ["Hotline:ConferenceRooms:0"] = "8000" });
        var phones = new List<BaresipRunner>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                string user = (1001 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var phone = await BaresipRunner.StartAsync(Test, server.SipEndpoint, [new BaresipAccount(user, "agent" + user)], toneHz: s_tones[i], recordCalls: true);
                phones.Add(phone);
                await phone.WaitForRegisteredAsync(user, s_timeout);
            }

            foreach (var phone in phones)
            {
                await phone.SendCommandAsync("dial", room);
                await phone.WaitForEventAsync("CALL_ESTABLISHED", s_timeout);
            }

            await Task.Delay(TimeSpan.FromSeconds(4));
            foreach (var phone in phones)
            {
                await phone.SendCommandAsync("hangup");
                await phone.WaitForEventAsync("CALL_CLOSED", s_timeout);
            }

            for (int i = 0; i < 3; i++)
            {
                var heard = WavAnalysis.Load(MediaFiles.SingleDump(phones[i], "dec"));
                for (int j = 0; j < 3; j++)
                {
                    double share = heard.ToneShare(s_tones[j]);
                    if (i == j)
                    {
                        Assert.True(share < 0.05, $"member {i} hears its own {s_tones[j]} Hz: share {share:F2}");
                    }
                    else
                    {
                        Assert.True(share > 0.15, $"member {i} hears {s_tones[j]} Hz with share {share:F2}");
                    }
                }
            }
        }
        finally
        {
            foreach (var phone in phones)
            {
                await phone.DisposeAsync();
            }
        }
    }
}
