using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ConnecXPortal.Domain.Cutover;

/// <summary>
/// Spreads a phase's logouts across its window, deterministically per user: every user has a fixed position in
/// [0, <see cref="Resolution"/>), the same on every portal instance and every run, and position p is logged out at
/// <c>Start + Window * p / Resolution</c>. With a week-long window one position is about a minute, so with 100,000
/// users about ten come back in any one minute instead of all at once.
/// </summary>
public static class CutoverSpread
{
    /// <summary>How many positions a window is divided into.</summary>
    public const int Resolution = 10_000;

    /// <summary>
    /// The user's position, from a hash of the id: version-7 ids start with their creation time, which would put users
    /// created together next to each other.
    /// </summary>
    public static int PositionOf(Guid userId)
    {
        Span<byte> id = stackalloc byte[16];
        userId.TryWriteBytes(id);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(id, hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % Resolution);
    }
}
