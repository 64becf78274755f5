using System.Security.Cryptography;
using System.Text;

namespace ConnecXPortal.Web.Features.Factors;

/// <summary>Salted, slow hashes for short secrets (recovery codes, emailed codes), compared in constant time.</summary>
internal static class SecretHashing
{
    private const int Iterations = 10_000;

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(16);

    public static byte[] Hash(string secret, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, 32);

    public static bool Matches(string secret, byte[] salt, byte[] hash) =>
        CryptographicOperations.FixedTimeEquals(Hash(secret, salt), hash);
}
