using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ConnecXPortal.Domain.Apps;

/// <summary>
/// App versions as the connecX apps report them: two to four whole numbers separated by dots ("3.2", "3.2.1"). Missing
/// parts count as 0, so "3.2" and "3.2.0" are the same version.
/// </summary>
public static class AppVersions
{
    /// <summary>The longest version string accepted.</summary>
    public const int MaxLength = 32;

    /// <summary>Reads a version; false for anything that is not two to four dot-separated whole numbers.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out Version? version)
    {
        version = null;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        var parts = value.Split('.');
        if (parts.Length is < 2 or > 4)
        {
            return false;
        }

        var numbers = new int[4];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length is 0 or > 9 || !parts[i].All(char.IsAsciiDigit)
                || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new Version(numbers[0], numbers[1], numbers[2], numbers[3]);
        return true;
    }

    /// <summary>Whether an app at <paramref name="version"/> may still be used when <paramref name="minimum"/> is the oldest supported.</summary>
    public static bool IsSupported(Version version, Version minimum)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(minimum);
        return Normalize(version) >= Normalize(minimum);
    }

    /// <summary>The same version with missing parts as 0.</summary>
    public static Version Normalize(Version version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new Version(version.Major, version.Minor, Math.Max(version.Build, 0), Math.Max(version.Revision, 0));
    }

    /// <summary>"3.2.0": major, minor and patch, with the fourth part only when it is not 0.</summary>
    public static string Display(Version version)
    {
        var v = Normalize(version);
        return v.Revision == 0 ? v.ToString(3) : v.ToString(4);
    }
}
