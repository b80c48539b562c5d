namespace HotlineTelephony.Sip.Registrar;

/// <summary>
/// Registrar and digest settings. A plain class so this library takes no options dependency; the host binds its
/// own options type and copies it here, then calls <see cref="Validate"/> at start-up.
/// </summary>
public sealed class RegistrarSettings
{
    /// <summary>Digest realm offered in challenges and required in credentials. Default "hotline.local".</summary>
    public string Realm { get; set; } = "hotline.local";

    /// <summary>Registration lifetime when neither the contact nor the request says one. Default 3600 s.</summary>
    public TimeSpan DefaultExpires { get; set; } = TimeSpan.FromSeconds(3600);

    /// <summary>Shortest non-zero lifetime accepted; shorter asks get 423 with Min-Expires. Default 60 s.</summary>
    public TimeSpan MinExpires { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longer asks are cut down to this. Default 7200 s.</summary>
    public TimeSpan MaxExpires { get; set; } = TimeSpan.FromSeconds(7200);

    /// <summary>How long a digest nonce stays valid before a client must answer a stale=true challenge. Default 300 s.</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// Interval between OPTIONS keep-alives to registered UDP contacts. Default 30 s: typical consumer NAT UDP
    /// mappings last 30–120 s, and an expired mapping means incoming calls never reach the agent.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive keep-alive failures (timeout or transport error) after which a binding is dropped. Default 2.</summary>
    public int KeepAliveFailuresBeforeRemoval { get; set; } = 2;

    /// <summary>Extension (digest username and AOR user part) to digest password. Secret: never log the values.</summary>
    public IReadOnlyDictionary<string, string> Extensions { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Realm) || Realm.Contains('"', StringComparison.Ordinal))
        {
            Fail(nameof(Realm), "must be a non-empty string without quotes");
        }

        if (MinExpires < TimeSpan.FromSeconds(1))
        {
            Fail(nameof(MinExpires), "must be at least 1 second");
        }

        if (MaxExpires < MinExpires)
        {
            Fail(nameof(MaxExpires), $"must not be shorter than {nameof(MinExpires)}");
        }

        if (DefaultExpires < MinExpires || DefaultExpires > MaxExpires)
        {
            Fail(nameof(DefaultExpires), $"must lie between {nameof(MinExpires)} and {nameof(MaxExpires)}");
        }

        if (NonceLifetime <= TimeSpan.Zero)
        {
            Fail(nameof(NonceLifetime), "must be positive");
        }

        if (KeepAliveInterval < TimeSpan.FromSeconds(1))
        {
            Fail(nameof(KeepAliveInterval), "must be at least 1 second");
        }

        if (KeepAliveFailuresBeforeRemoval < 1)
        {
            Fail(nameof(KeepAliveFailuresBeforeRemoval), "must be at least 1");
        }

        ArgumentNullException.ThrowIfNull(Extensions);
        foreach (var (extension, password) in Extensions)
        {
            if (string.IsNullOrWhiteSpace(extension) || extension.AsSpan().IndexOfAny("@:;\"<> ") >= 0)
            {
                Fail(nameof(Extensions), $"has an invalid extension name '{extension}'");
            }

            if (string.IsNullOrEmpty(password))
            {
                // The name only: the password itself must never reach a log or an exception message.
                Fail(nameof(Extensions), $"has no password for extension '{extension}'");
            }
        }
    }

    private static void Fail(string setting, string problem) =>
        throw new InvalidOperationException($"Registrar setting {setting} {problem}.");
}
