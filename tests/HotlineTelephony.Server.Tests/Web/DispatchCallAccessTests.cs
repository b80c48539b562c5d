using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HotlineTelephony.CallCenter.Records;
using Microsoft.Extensions.DependencyInjection;

namespace HotlineTelephony.Server.Tests.Web;

/// <summary>
/// R-TEL-15: the dispatcher console's link (/api/dispatch/calls/{id}) gives a dispatcher the caller's data of a call
/// transferred to an emergency line — here read from call records written as the server writes them after a
/// transfer — and of no other call; what agents and the back office may read is unchanged.
/// </summary>
public sealed class DispatchCallAccessTests : IClassFixture<LoopbackServerFactory>
{
    private const string Caller = "13812345678";
    private readonly LoopbackServerFactory _factory;

    public DispatchCallAccessTests(LoopbackServerFactory factory) => _factory = factory;

    [Fact]
    public async Task R_TEL_15_ADispatcherReadsTheCallerDataOfACallTransferredToAnEmergencyLine()
    {
        string callId = await SaveRecordAsync(transferredTo: "110");
        using var dispatcher = await WebClients.ClientAsync(_factory, "dispatcher");

        using var response = await dispatcher.GetAsync($"/api/dispatch/calls/{callId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(callId, call.GetProperty("callId").GetString());
        Assert.Equal(Caller, call.GetProperty("caller").GetString());
        Assert.Equal("agent-01", call.GetProperty("agentId").GetString());
        Assert.Equal("110-20261122-0042", call.GetProperty("incidentReference").GetString());
        Assert.Equal("12345-20261122-000007", call.GetProperty("ticketNumber").GetString());
        var transfer = Assert.Single(call.GetProperty("transfers").EnumerateArray());
        Assert.Equal(("110", "agent-01", "answered"), (transfer.GetProperty("line").GetString(), transfer.GetProperty("agentId").GetString(), transfer.GetProperty("outcome").GetString()));

        // No recording and nothing else of the record comes with it.
        string text = call.ToString();
        Assert.DoesNotContain(".wav", text, StringComparison.Ordinal);
        Assert.DoesNotContain("recording", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ADispatcherGetsNothingOfACallThatWasNotTransferredNorItsRecordOrRecording()
    {
        string plain = await SaveRecordAsync(transferredTo: null);
        string transferred = await SaveRecordAsync(transferredTo: "120");
        using var dispatcher = await WebClients.ClientAsync(_factory, "dispatcher");

        Assert.Equal(HttpStatusCode.NotFound, (await dispatcher.GetAsync($"/api/dispatch/calls/{plain}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dispatcher.GetAsync("/api/dispatch/calls/no-such-call")).StatusCode);
        // The role policy on call records and recordings stays: the dispatcher link is the only way in.
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcher.GetAsync($"/api/calls/{transferred}/record")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcher.GetAsync($"/api/recordings/{transferred}")).StatusCode);
    }

    [Fact]
    public async Task AgentsAndTheBackOfficeKeepWhatTheyHadAndGetNoDispatcherLink()
    {
        string callId = await SaveRecordAsync(transferredTo: "119");
        using var agent = await WebClients.ClientAsync(_factory, "agent1001");
        using var backOffice = await WebClients.ClientAsync(_factory, "backoffice");
        using var supervisor = await WebClients.ClientAsync(_factory, "supervisor");

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync($"/api/dispatch/calls/{callId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await backOffice.GetAsync($"/api/dispatch/calls/{callId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/calls/{callId}/record")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await backOffice.GetAsync($"/api/calls/{callId}/record")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/api/dispatch/calls/{callId}")).StatusCode);
    }

    /// <summary>A call record as HotlineCallCenter writes it: with the transfer's started and answered events when transferred.</summary>
    private async Task<string> SaveRecordAsync(string? transferredTo)
    {
        string callId = "dispatch-" + Guid.NewGuid().ToString("N");
        var arrived = DateTimeOffset.UtcNow.AddMinutes(-5);
        var record = new CallRecord
        {
            CallId = callId,
            CallerNumber = Caller,
            ArrivedAt = arrived,
            AnsweredAt = arrived.AddSeconds(20),
            AgentId = "agent-01",
            EndedAt = arrived.AddMinutes(3),
            Disposition = "answered",
            RecordingPath = $"/tmp/recordings/{callId}.wav",
            IncidentReference110 = "110-20261122-0042",
            TicketId = "12345-20261122-000007",
            Parties = [Caller, "agent-01"],
        };
        record.Events.Add(new CallRecordEvent { At = arrived.AddSeconds(20), Kind = CallRecordEventKind.Answered, Party = "agent-01" });
        if (transferredTo is not null)
        {
            record.Events.Add(new CallRecordEvent { At = arrived.AddMinutes(1), Kind = CallRecordEventKind.EmergencyTransferStarted, Party = transferredTo, Detail = "agent-01" });
            record.Events.Add(new CallRecordEvent { At = arrived.AddMinutes(1).AddSeconds(8), Kind = CallRecordEventKind.EmergencyTransferAnswered, Party = transferredTo, Detail = "answered" });
        }

        await _factory.Services.GetRequiredService<ICallRecordStore>().SaveAsync(record);
        return callId;
    }
}
