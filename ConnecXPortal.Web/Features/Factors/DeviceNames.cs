namespace ConnecXPortal.Web.Features.Factors;

/// <summary>Names for passkeys: a default from the browser's user agent ("Chrome on Windows"), and tidying what users type.</summary>
public static class DeviceNames
{
    public const int MaxLength = 60;

    public static string FromUserAgent(string? userAgent)
    {
        var ua = userAgent ?? "";
        var browser = ua switch
        {
            _ when ua.Contains("Edg/", StringComparison.Ordinal) => "Edge",
            _ when ua.Contains("Firefox/", StringComparison.Ordinal) => "Firefox",
            _ when ua.Contains("Chrome/", StringComparison.Ordinal) || ua.Contains("Chromium/", StringComparison.Ordinal) => "Chrome",
            _ when ua.Contains("Safari/", StringComparison.Ordinal) => "Safari",
            _ => null,
        };
        var system = ua switch
        {
            _ when ua.Contains("iPhone", StringComparison.Ordinal) => "iPhone",
            _ when ua.Contains("iPad", StringComparison.Ordinal) => "iPad",
            _ when ua.Contains("Android", StringComparison.Ordinal) => "Android",
            _ when ua.Contains("Windows", StringComparison.Ordinal) => "Windows",
            _ when ua.Contains("Mac OS X", StringComparison.Ordinal) => "Mac",
            _ when ua.Contains("CrOS", StringComparison.Ordinal) => "ChromeOS",
            _ when ua.Contains("Linux", StringComparison.Ordinal) => "Linux",
            _ => null,
        };
        return (browser, system) switch
        {
            ({ } b, { } s) => $"{b} on {s}",
            ({ } b, null) => b,
            (null, { } s) => s,
            _ => "Passkey",
        };
    }

    public static string Clean(string? name)
    {
        var cleaned = string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        cleaned = new string([.. cleaned.Where(c => !char.IsControl(c))]);
        return cleaned.Length > MaxLength ? cleaned[..MaxLength] : cleaned;
    }
}
