using ConnecXPortal.Domain.Security;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace ConnecXPortal.Web.Features.Passwords;

/// <summary>The 10,000 most common passwords (Data/common-passwords.txt, with its source and licence beside it).</summary>
public sealed class CommonPasswords
{
    private readonly HashSet<string> passwords;

    public CommonPasswords()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("ConnecXPortal.Web.CommonPasswords")
            ?? throw new InvalidOperationException("The common-password list is missing from the build.");
        using var reader = new StreamReader(stream);
        passwords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                passwords.Add(line);
            }
        }
    }

    public int Count => passwords.Count;

    public bool Contains(string password) => passwords.Contains(password);
}

/// <summary>Identity's password check with the portal's policy: 12 to 128 characters, no composition rules, not common.</summary>
internal sealed class PortalPasswordValidator(CommonPasswords common) : IPasswordValidator<PortalUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        var problems = PasswordPolicy.Check(password ?? "", common.Contains(password ?? ""));
        return Task.FromResult(problems.Count == 0
            ? IdentityResult.Success
            : IdentityResult.Failed([.. problems.Select(p => new IdentityError { Code = $"Password{p}", Description = p.Describe() })]));
    }
}
