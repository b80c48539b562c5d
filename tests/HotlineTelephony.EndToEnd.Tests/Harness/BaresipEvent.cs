using System.Text.Json;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// An event from baresip's ctrl_tcp module, e.g. REGISTER_OK, REGISTER_FAIL, CALL_INCOMING, CALL_RINGING,
/// CALL_ESTABLISHED, CALL_CLOSED, UNREGISTERING, EXIT.
/// </summary>
public sealed record BaresipEvent(string Type, string? Class, string? AccountAor, string? Parameter, string Json)
{
    internal static BaresipEvent FromJson(JsonElement root, string json)
    {
        static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        return new BaresipEvent(Text(root, "type") ?? "", Text(root, "class"), Text(root, "accountaor"), Text(root, "param"), json);
    }
}
