namespace HotlineTelephony.Server.Options;

/// <summary>Registrar and digest authentication for agent softphones (configuration section "Registrar").</summary>
public sealed class RegistrarOptions
{
    public const string SectionName = "Registrar";

    /// <summary>Digest realm in WWW-Authenticate challenges. Default "hotline.local".</summary>
    public string Realm { get; set; } = "hotline.local";

    /// <summary>Binding lifetime granted when a REGISTER asks for none, in seconds. Default 3600.</summary>
    public int DefaultExpiresSeconds { get; set; } = 3600;

    /// <summary>Shorter requested lifetimes get 423 Interval Too Brief, in seconds. Default 60.</summary>
    public int MinExpiresSeconds { get; set; } = 60;

    /// <summary>Longer requested lifetimes are cut to this, in seconds. Default 7200.</summary>
    public int MaxExpiresSeconds { get; set; } = 7200;

    /// <summary>How long a digest nonce stays valid, in seconds. Default 300.</summary>
    public int NonceLifetimeSeconds { get; set; } = 300;

    /// <summary>Keep-alive interval for registered contacts (CRLF ping on TCP, OPTIONS on UDP), in seconds. Default 30.</summary>
    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>Agent extensions and their digest passwords (extension → password). Default empty.</summary>
    public Dictionary<string, string> Extensions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Digest algorithms offered in challenges, one header each, in this order (default: MD5 only). Answers with
    /// either algorithm are verified when offered. SHA-256 (RFC 7616, 8760) is opt-in because deployed clients
    /// break on it: SIPp 3.6 answers only the first challenge and only with MD5, and baresip 1.0 (Debian 12) fails
    /// the whole registration with ENOSYS when any challenge names an algorithm it lacks.
    /// </summary>
    public List<string> DigestAlgorithms { get; set; } = [];

    /// <summary>Lists extensions but never passwords, so the options can be logged.</summary>
    public override string ToString() =>
        $"Registrar {{ Realm = {Realm}, DefaultExpiresSeconds = {DefaultExpiresSeconds}, MinExpiresSeconds = {MinExpiresSeconds}, " +
        $"MaxExpiresSeconds = {MaxExpiresSeconds}, NonceLifetimeSeconds = {NonceLifetimeSeconds}, KeepAliveSeconds = {KeepAliveSeconds}, " +
        $"DigestAlgorithms = [{string.Join(", ", DigestAlgorithms)}], " +
        $"Extensions = [{string.Join(", ", Extensions.Keys.Order(StringComparer.Ordinal).Select(static e => e + "=***"))}] }}";
}
