namespace ConnecXPortal.Web.Features.Notifications;

/// <summary>
/// The words of one email as a list of blocks. <see cref="EmailRenderer"/> turns the same blocks into the branded
/// HTML body and the plain-text body, so the two never drift apart.
/// </summary>
public sealed class EmailContent(string template, string subject)
{
    private readonly List<EmailBlock> blocks = [];

    public string Template { get; } = template;

    public string Subject { get; } = subject;

    /// <summary>The one-line summary mail clients show next to the subject.</summary>
    public string? Preheader { get; init; }

    public IReadOnlyList<EmailBlock> Blocks => blocks;

    public EmailContent Heading(string text) => Add(new EmailBlock.Heading(text));

    /// <summary>A section heading under the main one.</summary>
    public EmailContent Subheading(string text) => Add(new EmailBlock.Subheading(text));

    public EmailContent Paragraph(string text) => Add(new EmailBlock.Paragraph(text));

    public EmailContent Button(string label, Uri url) => Add(new EmailBlock.Button(label, url));

    public EmailContent Code(string code) => Add(new EmailBlock.Code(code));

    public EmailContent Bullets(params IEnumerable<string> items) => Add(new EmailBlock.Bullets([.. items]));

    public EmailContent Link(string label, Uri url) => Add(new EmailBlock.Link(label, url));

    /// <summary>Smaller print at the end, such as "If this wasn't you…".</summary>
    public EmailContent Note(string text) => Add(new EmailBlock.Note(text));

    private EmailContent Add(EmailBlock block)
    {
        blocks.Add(block);
        return this;
    }
}

public abstract record EmailBlock
{
    private EmailBlock()
    {
    }

    public sealed record Heading(string Text) : EmailBlock;

    public sealed record Subheading(string Text) : EmailBlock;

    public sealed record Paragraph(string Text) : EmailBlock;

    public sealed record Button(string Label, Uri Url) : EmailBlock;

    public sealed record Code(string Value) : EmailBlock;

    public sealed record Bullets(IReadOnlyList<string> Items) : EmailBlock;

    public sealed record Link(string Label, Uri Url) : EmailBlock;

    public sealed record Note(string Text) : EmailBlock;
}
