using System.Buffers.Binary;
using System.Collections.Concurrent;
using ConnecXPortal.Web.Hosting;

namespace ConnecXPortal.Web.Features.Help;

internal static class HelpRegistration
{
    public static IHostApplicationBuilder AddHelp(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HelpCatalogue>();
        builder.Services.AddSingleton<HelpScreenshotFiles>();
        return builder;
    }
}

/// <summary>
/// The help screenshots in wwwroot-assets/help: their URLs, and their sizes read from the PNG header, so that the page
/// reserves their space before they load.
/// </summary>
public sealed class HelpScreenshotFiles(BrandAssets brand)
{
    public const string Folder = "help";

    private readonly ConcurrentDictionary<string, PixelSize?> sizes = new();

    /// <summary>The picture's width and height in pixels, or null when the file is missing or is not a PNG.</summary>
    public PixelSize? SizeOf(HelpScreenshot screenshot) =>
        sizes.GetOrAdd(screenshot.File, file => ReadPngSize(Path.Combine(brand.Directory, Folder, file)));

    public static string Url(HelpScreenshot screenshot) => $"{BrandAssets.RequestPath.TrimStart('/')}/{Folder}/{screenshot.File}";

    /// <summary>A PNG starts with an 8-byte signature and its IHDR chunk: length, type, then width and height, big-endian.</summary>
    public static PixelSize? ReadPngSize(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        Span<byte> header = stackalloc byte[24];
        using var stream = File.OpenRead(path);
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
            || !header[..8].SequenceEqual(PngSignature) || !header[12..16].SequenceEqual("IHDR"u8))
        {
            return null;
        }

        return new PixelSize(BinaryPrimitives.ReadInt32BigEndian(header[16..20]), BinaryPrimitives.ReadInt32BigEndian(header[20..24]));
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
}

public readonly record struct PixelSize(int Width, int Height);
