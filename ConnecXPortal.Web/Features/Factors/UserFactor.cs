using ConnecXPortal.Domain.Factors;
using ConnecXPortal.Web.Data;

namespace ConnecXPortal.Web.Features.Factors;

/// <summary>
/// One enrolled second factor: the row managers' reports and the security page read. It always matches the credential
/// behind it (the authenticator key in Identity's user tokens, a passkey in AspNetUserPasskeys, or, for email codes,
/// the account's confirmed email); <see cref="SecondFactors"/> changes both together.
/// </summary>
public sealed class UserFactor
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public PortalUser User { get; set; } = null!;

    public FactorKind Kind { get; set; }

    /// <summary>What the user calls it ("Chrome on Windows"); for an authenticator app or email, a fixed label.</summary>
    public string Name { get; set; } = "";

    public DateTimeOffset AddedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>The factor the sign-in challenge offers first. Exactly one of a user's factors is the default.</summary>
    public bool IsDefault { get; set; }

    /// <summary>For a passkey: its WebAuthn credential id (the key of its AspNetUserPasskeys row).</summary>
    public byte[]? CredentialId { get; set; }

    /// <summary>For an authenticator app: the last RFC 6238 time step accepted, so no code is accepted twice.</summary>
    public long? LastAcceptedTimeStep { get; set; }
}

/// <summary>A single-use recovery code, stored as a salted PBKDF2 hash (Identity would keep them in plain text).</summary>
public sealed class RecoveryCode
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public byte[] Salt { get; set; } = [];

    public byte[] Hash { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}

public enum EmailCodePurpose
{
    SignIn = 1,
    Enrolment = 2,
    StepUp = 3,

    /// <summary>An account without a factor proves it holds its mailbox before it sets up an authenticator app or passkey.</summary>
    MailboxProof = 4,
}

/// <summary>An emailed one-time code, bound to the attempt (a sign-in or a signed-in session) that asked for it.</summary>
public sealed class EmailCodeChallenge
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    /// <summary>The half-signed-in attempt or the signed-in session the code was sent for.</summary>
    public Guid AttemptId { get; set; }

    public EmailCodePurpose Purpose { get; set; }

    public byte[] Salt { get; set; } = [];

    public byte[] Hash { get; set; } = [];

    public DateTimeOffset SentAt { get; set; }

    public int WrongEntries { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>Set when a newer code replaced this one or it was entered wrongly too often.</summary>
    public DateTimeOffset? VoidedAt { get; set; }
}
