using System.Net;
using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.Server.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HotlineTelephony.Server.Tests.Web;

/// <summary>R-TEL-50: a recording is served only to supervisors and the agent who handled the call; every playback is audited.</summary>
public sealed class RecordingAccessTests : IClassFixture<LoopbackServerFactory>
{
    private readonly LoopbackServerFactory _factory;

    public RecordingAccessTests(LoopbackServerFactory factory) => _factory = factory;

    [Fact]
    public async Task R_TEL_50_RecordingIsServedOnlyToTheSupervisorAndTheHandlingAgentAndEveryPlaybackIsAudited()
    {
        string callId = "rec-" + Guid.NewGuid().ToString("N");
        string wav = Path.Combine(Path.GetTempPath(), callId + ".wav");
        byte[] audio = [.. "RIFF"u8, 1, 2, 3, 4, 5, 6, 7, 8];
        await File.WriteAllBytesAsync(wav, audio);
        try
        {
            var store = _factory.Services.GetRequiredService<ICallRecordStore>();
            await store.SaveAsync(new CallRecord
            {
                CallId = callId,
                CallerNumber = "13812345678",
                ArrivedAt = DateTimeOffset.UtcNow,
                AgentId = "agent-01",
                Disposition = "answered",
                RecordingPath = wav,
            });

            string path = "/api/recordings/" + callId;
            foreach (var refused in new[] { "agent1002", "backoffice", "dispatcher" })
            {
                using var client = await WebClients.ClientAsync(_factory, refused);
                using var response = await client.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{refused}: {(int)response.StatusCode}");
            }

            using (var anonymous = _factory.CreateClient())
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
            }

            Assert.Empty(await PlaybacksAsync(callId));

            foreach (var allowed in new[] { "agent1001", "supervisor" })
            {
                using var client = await WebClients.ClientAsync(_factory, allowed);
                using var response = await client.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("audio/wav", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(audio, await response.Content.ReadAsByteArrayAsync());
            }

            var playbacks = await PlaybacksAsync(callId);
            Assert.Equal(["agent1001", "supervisor"], playbacks.Select(p => p.UserName));
            Assert.Equal(["agent", "supervisor"], playbacks.Select(p => p.Roles));
            Assert.All(playbacks, p => Assert.True(DateTimeOffset.UtcNow - p.At < TimeSpan.FromMinutes(5), p.At.ToString("o")));
        }
        finally
        {
            File.Delete(wav);
        }
    }

    [Fact]
    public async Task AnUnknownRecordIsNotFoundForTheSupervisorAndRefusedToAnAgent()
    {
        using var supervisor = await WebClients.ClientAsync(_factory, "supervisor");
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync("/api/recordings/no-such-call")).StatusCode);
        using var agent = await WebClients.ClientAsync(_factory, "agent1001");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/recordings/no-such-call")).StatusCode);
    }

    private async Task<List<HotlineTelephony.Server.Web.Privacy.RecordingPlayback>> PlaybacksAsync(string callId)
    {
        await using var db = _factory.Services.GetRequiredService<WebDbContextFactory>().CreateDbContext();
        return await db.RecordingPlaybacks.Where(p => p.CallRecordId == callId).OrderBy(p => p.Id).ToListAsync();
    }
}
