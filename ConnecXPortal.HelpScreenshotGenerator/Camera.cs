using System.Buffers.Binary;
using Microsoft.Playwright;

namespace ConnecXPortal.HelpScreenshotGenerator;

/// <summary>One screenshot written by a run, and whether it differs from the committed one.</summary>
internal sealed record Capture(string File, int Bytes, int Width, int Height, string State);

/// <summary>
/// Takes the PNGs: the page as it is, without focus rings, carets or animations, cropped to one part of it with a
/// margin of page background. A file is only rewritten when the picture changes, so a re-run leaves git quiet.
/// </summary>
internal sealed class Camera(string folder)
{
    /// <summary>Page background kept around a cropped part, so the card's rounded corners and shadow show.</summary>
    public const int Margin = 16;

    /// <summary>The most a colour channel may differ (of 255) for two pictures to count as the same.</summary>
    private const int ColourTolerance = 8;

    private readonly List<Capture> captures = [];

    public IReadOnlyList<Capture> Captures => captures;

    /// <summary>Captures <paramref name="region"/> (and <see cref="Margin"/> around it), or the whole viewport when null.</summary>
    public async Task ShootAsync(IPage page, string file, ILocator? region = null)
    {
        if (captures.Any(c => c.File == file))
        {
            throw new InvalidOperationException($"{file} was captured twice.");
        }

        // The pointer stays where the last click was, often over a button of the next page: no hover state in pictures.
        await page.Mouse.MoveAsync(0, 0);
        await page.EvaluateAsync("""
            async () => {
                // Blazor moves focus to the heading after a navigation, sometimes after this runs: hide focus rings
                // for the picture rather than race it.
                if (!document.getElementById('cx-screenshot')) {
                    const style = document.createElement('style');
                    style.id = 'cx-screenshot';
                    style.textContent = ':focus, :focus-visible { outline: none !important; }';
                    document.head.appendChild(style);
                }
                window.scrollTo(0, 0);
                if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
                await document.fonts.ready;
                await Promise.all([...document.images].map(i => i.decode().catch(() => {})));
            }
            """);
        var options = new PageScreenshotOptions
        {
            Type = ScreenshotType.Png,
            Animations = ScreenshotAnimations.Disabled,
            Caret = ScreenshotCaret.Hide,
            Scale = ScreenshotScale.Css,
        };
        if (region is not null)
        {
            var box = await region.BoundingBoxAsync() ?? throw new InvalidOperationException($"Nothing to capture for {file}: the region is not visible.");
            var viewport = page.ViewportSize!;
            var left = Math.Max(0, Math.Floor(box.X) - Margin);
            var top = Math.Max(0, Math.Floor(box.Y) - Margin);
            var right = Math.Min(viewport.Width, Math.Ceiling(box.X + box.Width) + Margin);
            var bottom = Math.Ceiling(box.Y + box.Height) + Margin;
            if (bottom > viewport.Height)
            {
                throw new InvalidOperationException($"{file}: the region ends at {bottom}px, below the {viewport.Height}px viewport; make the viewport taller.");
            }

            options.Clip = new Clip { X = (float)left, Y = (float)top, Width = (float)(right - left), Height = (float)(bottom - top) };
        }

        var png = await page.ScreenshotAsync(options);
        var path = Path.Combine(folder, file);
        var state = !File.Exists(path) ? "new" : await LooksTheSameAsync(page, await File.ReadAllBytesAsync(path), png) ? "unchanged" : "updated";
        if (state != "unchanged")
        {
            await File.WriteAllBytesAsync(path, png);
        }

        var capture = new Capture(file, png.Length, PngWidth(png), PngHeight(png), state);
        captures.Add(capture);
        Console.WriteLine($"  {capture.File,-40} {capture.Width,5} x {capture.Height,-5} {capture.Bytes / 1024.0,7:0.0} KiB  {capture.State}");
    }

    /// <summary>
    /// Whether two PNGs show the same picture. Chromium's software rasteriser draws the antialiased edges of a rounded
    /// button a shade differently from one run to the next (a difference of 1 or 2 in a colour channel); a real change
    /// (a word, a colour, a size) differs by far more. The browser at hand decodes and compares them.
    /// </summary>
    private static async Task<bool> LooksTheSameAsync(IPage page, byte[] before, byte[] after)
    {
        if (before.AsSpan().SequenceEqual(after))
        {
            return true;
        }

        return await page.EvaluateAsync<bool>(
            """
            async ([before, after, tolerance]) => {
                const decode = async base64 => {
                    const image = new Image();
                    image.src = 'data:image/png;base64,' + base64;
                    await image.decode();
                    const canvas = document.createElement('canvas');
                    canvas.width = image.naturalWidth;
                    canvas.height = image.naturalHeight;
                    const context = canvas.getContext('2d');
                    context.drawImage(image, 0, 0);
                    return context.getImageData(0, 0, canvas.width, canvas.height);
                };
                const [a, b] = await Promise.all([decode(before), decode(after)]);
                if (a.width !== b.width || a.height !== b.height) return false;
                for (let i = 0; i < a.data.length; i++) {
                    if (Math.abs(a.data[i] - b.data[i]) > tolerance) return false;
                }
                return true;
            }
            """,
            new object[] { Convert.ToBase64String(before), Convert.ToBase64String(after), ColourTolerance });
    }

    // A PNG starts with its 8-byte signature and the IHDR chunk: length, type, then width and height (big-endian).
    private static int PngWidth(byte[] png) => BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));

    private static int PngHeight(byte[] png) => BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4));
}
