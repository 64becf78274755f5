namespace ConnecXPortal.Domain.Factors;

/// <summary>
/// Single-use recovery codes: 10 of them, each 10 characters from an alphabet without look-alike characters
/// (no 0/O, 1/I/L, 5/S, 2/Z, 8/B), shown as two groups of five.
/// </summary>
public static class RecoveryCodePolicy
{
    /// <summary>Codes issued at a time.</summary>
    public const int Count = 10;

    /// <summary>Characters in a code (without the separator).</summary>
    public const int Length = 10;

    /// <summary>The characters codes are made of: 25 characters that cannot be mistaken for one another.</summary>
    public const string Alphabet = "34679ACDEFGHJKMNPQRTUVWXY";

    /// <summary>Makes a code from <see cref="Length"/> random indexes into <see cref="Alphabet"/>.</summary>
    public static string FromIndexes(IReadOnlyList<int> indexes)
    {
        if (indexes.Count != Length)
        {
            throw new ArgumentException($"A recovery code has {Length} characters.", nameof(indexes));
        }

        return new string([.. indexes.Select(i => Alphabet[i])]);
    }

    /// <summary>"ABCDE-FGHJK": how a code is shown.</summary>
    public static string Display(string code) => code.Length == Length ? $"{code[..5]}-{code[5..]}" : code;

    /// <summary>
    /// The code as stored, from what someone typed: spaces and hyphens removed, upper case. Null when it cannot be a
    /// recovery code.
    /// </summary>
    public static string? Normalize(string? input) =>
        CodeFormat.Normalize(input) is { Length: Length } code && code.All(c => Alphabet.Contains(c)) ? code : null;
}
