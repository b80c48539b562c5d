using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HotlineTelephony.Sip.Dialogs;

/// <summary>RFC 4028 Session-Expires: <c>delta-seconds [;refresher=uac|uas]</c>.</summary>
public readonly record struct SessionExpiresHeader(int Seconds, string? Refresher)
{
    public const string Uac = "uac";
    public const string Uas = "uas";

    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionExpiresHeader value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        var parts = text.Split(';', StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds <= 0)
        {
            return false;
        }

        string? refresher = null;
        for (int i = 1; i < parts.Length; i++)
        {
            int eq = parts[i].IndexOf('=');
            if (eq > 0 && parts[i].AsSpan(0, eq).Trim().Equals("refresher", StringComparison.OrdinalIgnoreCase))
            {
                var r = parts[i][(eq + 1)..].Trim().ToLowerInvariant();
                refresher = r is Uac or Uas ? r : null;
            }
        }

        value = new SessionExpiresHeader(seconds, refresher);
        return true;
    }

    public override string ToString() =>
        Refresher is null
            ? Seconds.ToString(CultureInfo.InvariantCulture)
            : Seconds.ToString(CultureInfo.InvariantCulture) + ";refresher=" + Refresher;
}
