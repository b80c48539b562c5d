using System.Security.Cryptography;

namespace HotlineTelephony.Server.Web.Auth;

/// <summary>Salted PBKDF2-SHA256 (Rfc2898DeriveBytes.Pbkdf2); the iteration count is stored with each hash.</summary>
public static class PasswordHasher
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static (byte[] Salt, byte[] Hash) Hash(string password, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return (salt, Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashBytes));
    }

    public static bool Verify(string password, byte[] salt, byte[] expected, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
