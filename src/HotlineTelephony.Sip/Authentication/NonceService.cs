using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace HotlineTelephony.Sip.Authentication;

/// <summary>
/// Issues and checks stateless nonces: base64url(timestamp | random | HMAC-SHA256(secret, timestamp | random | realm)).
/// Every node configured with the same secret accepts the others' nonces, so a REGISTER may be challenged by one
/// node and answered to another, with no shared store.
/// </summary>
public sealed class NonceService
{
    /// <summary>Nonce lifetime used when none is given.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Shortest secret accepted: the HMAC-SHA256 output size.</summary>
    public const int MinimumSecretLength = 32;

    private const int TimestampLength = 8;

    // Random bytes make every challenge distinct even within one millisecond, so a nonce names one challenge.
    private const int RandomLength = 8;
    private const int MacLength = HMACSHA256.HashSizeInBytes;
    private const int NonceLength = TimestampLength + RandomLength + MacLength;
    private const int EncodedLength = NonceLength / 3 * 4;

    // Nodes' clocks differ a little; a nonce from further in the future than this was not made by a peer.
    private static readonly TimeSpan MaximumClockSkew = TimeSpan.FromSeconds(30);

    private readonly byte[] _secret;
    private readonly TimeProvider _time;

    /// <summary>Creates the service; <paramref name="secret"/> must be at least 32 bytes and the same on every node.</summary>
    public NonceService(byte[] secret, TimeProvider time, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(time);
        if (secret.Length < MinimumSecretLength)
        {
            throw new ArgumentException($"The digest nonce secret must be at least {MinimumSecretLength} bytes.", nameof(secret));
        }

        Lifetime = lifetime ?? DefaultLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Lifetime, TimeSpan.Zero, nameof(lifetime));
        _secret = (byte[])secret.Clone();
        _time = time;
    }

    /// <summary>How long a nonce stays valid after it is issued.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>A fresh random secret, for a single node or to paste into configuration.</summary>
    public static byte[] CreateSecret() => RandomNumberGenerator.GetBytes(MinimumSecretLength);

    /// <summary>Issues a nonce bound to <paramref name="realm"/>.</summary>
    public string Create(string realm)
    {
        ArgumentNullException.ThrowIfNull(realm);
        Span<byte> nonce = stackalloc byte[NonceLength];
        BinaryPrimitives.WriteInt64BigEndian(nonce, _time.GetUtcNow().ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(nonce.Slice(TimestampLength, RandomLength));
        ComputeMac(nonce[..(TimestampLength + RandomLength)], realm, nonce[(TimestampLength + RandomLength)..]);
        return Base64Url.EncodeToString(nonce);
    }

    /// <summary>Checks that <paramref name="nonce"/> was issued for <paramref name="realm"/> by a node with our secret, and is not expired.</summary>
    public NonceStatus Validate(string? nonce, string realm)
    {
        ArgumentNullException.ThrowIfNull(realm);
        Span<byte> decoded = stackalloc byte[NonceLength];
        if (nonce is null
            || nonce.Length != EncodedLength
            // The OperationStatus overload: TryDecodeFromChars throws on characters outside the alphabet.
            || Base64Url.DecodeFromChars(nonce, decoded, out _, out var written) != OperationStatus.Done
            || written != NonceLength)
        {
            return NonceStatus.Invalid;
        }

        Span<byte> expected = stackalloc byte[MacLength];
        ComputeMac(decoded[..(TimestampLength + RandomLength)], realm, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, decoded[(TimestampLength + RandomLength)..]))
        {
            return NonceStatus.Invalid;
        }

        var issued = BinaryPrimitives.ReadInt64BigEndian(decoded);
        var age = TimeSpan.FromMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds() - issued);
        if (age < -MaximumClockSkew)
        {
            return NonceStatus.Invalid;
        }

        return age > Lifetime ? NonceStatus.Stale : NonceStatus.Valid;
    }

    private void ComputeMac(ReadOnlySpan<byte> header, string realm, Span<byte> destination)
    {
        var length = header.Length + Encoding.UTF8.GetByteCount(realm);
        byte[]? rented = null;
        var buffer = length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            header.CopyTo(buffer);
            var total = header.Length + Encoding.UTF8.GetBytes(realm, buffer[header.Length..]);
            HMACSHA256.HashData(_secret, buffer[..total], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
