using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace HotlineTelephony.Tickets;

/// <summary>The JSON of outbox payloads: web (camelCase) like the API, Chinese text left readable for operators.</summary>
internal static class TicketJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };
}
