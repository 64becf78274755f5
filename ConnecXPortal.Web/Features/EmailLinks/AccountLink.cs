namespace ConnecXPortal.Web.Features.EmailLinks;

public enum AccountLinkPurpose
{
    Activation = 1,
    PasswordReset = 2,
}

/// <summary>
/// A single-use link sent by email (activation or forgotten password). Only the SHA-256 of its 256-bit random token is
/// stored, so the table cannot be used to take over accounts.
/// </summary>
public sealed class AccountLink
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public AccountLinkPurpose Purpose { get; set; }

    public byte[] TokenHash { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>Set when a newer link of the same purpose replaced this one.</summary>
    public DateTimeOffset? SupersededAt { get; set; }
}
