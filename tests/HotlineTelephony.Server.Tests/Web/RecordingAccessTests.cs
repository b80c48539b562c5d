using System.Net;
using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.Server.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HotlineTelephony.Server.Tests.Web;

/// <summary>
/// R-TEL-50: a recording is served only to supervisors (and, when the centre allows it, to the agent who handled the
/// call); every playback is audited.
/// </summary>
public sealed class RecordingAccessTests : IClassFixture<LoopbackServerFactory>
{
    private readonly LoopbackServerFactory _factory;

    public RecordingAccessTests(LoopbackServerFactory factory) => _factory = factory;

    [Fact]
    public async Task R_TEL_50_RecordingIsServedOnlyToTheSupervisorAndEveryPlaybackIsAudited() =>
        await PlayAsync(_factory, refused: ["agent1001", "agent1002", "backoffice", "dispatcher"], allowed: ["supervisor"], allowedRoles: ["supervisor"]);

    [Fact]
    public async Task R_TEL_50_WhenTheCentreAllowsItTheHandlingAgentMayPlayItsOwnCallOnly()
    {
        // A host of its own (its own ports and databases): the class fixture's host is already running.
        await using var loopback = new LoopbackServerFactory();
        await using var allowing = loopback.WithWebHostBuilder(b => b.UseSetting("Privacy:AgentsMayPlayOwnCalls", "true"));
        await PlayAsync(allowing, refused: ["agent1002", "backoffice", "dispatcher"], allowed: ["agent1001", "supervisor"], allowedRoles: ["agent", "supervisor"]);
    }

    private static async Task PlayAsync(WebApplicationFactory<Program> factory, string[] refused, string[] allowed, string[] allowedRoles)
    {
        string callId = "rec-" + Guid.NewGuid().ToString("N");
        string wav = Path.Combine(Path.GetTempPath(), callId + ".wav");
        byte[] audio = [.. "RIFF"u8, 1, 2, 3, 4, 5, 6, 7, 8];
        await File.WriteAllBytesAsync(wav, audio);
        try
        {
            var store = factory.Services.GetRequiredService<ICallRecordStore>();
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
            foreach (var user in refused)
            {
                using var client = await WebClients.ClientAsync(factory, user);
                using var response = await client.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{user}: {(int)response.StatusCode}");
            }

            using (var anonymous = factory.CreateClient())
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
            }

            Assert.Empty(await PlaybacksAsync(factory, callId));

            foreach (var user in allowed)
            {
                using var client = await WebClients.ClientAsync(factory, user);
                using var response = await client.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("audio/wav", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(audio, await response.Content.ReadAsByteArrayAsync());
            }

            var playbacks = await PlaybacksAsync(factory, callId);
            Assert.Equal(allowed, playbacks.Select(p => p.UserName));
            Assert.Equal(allowedRoles, playbacks.Select(p => p.Roles));
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

    private static async Task<List<HotlineTelephony.Server.Web.Privacy.RecordingPlayback>> PlaybacksAsync(WebApplicationFactory<Program> factory, string callId)
    {
        await using var db = factory.Services.GetRequiredService<WebDbContextFactory>().CreateDbContext();
        return await db.RecordingPlaybacks.Where(p => p.CallRecordId == callId).OrderBy(p => p.Id).ToListAsync();
    }
}
