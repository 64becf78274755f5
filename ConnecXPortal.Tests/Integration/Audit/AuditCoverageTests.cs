using System.Text.RegularExpressions;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Factors.RecoveryCodes;
using ConnecXPortal.Web.Features.Manage.Reminders;
using ConnecXPortal.Web.Features.Passwords;
using ConnecXPortal.Web.Features.Support.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Audit;

/// <summary>
/// Every security event the audit log's README lists is recorded with its time, actor, subject, IP address and details: one resident's
/// account goes through all of them, through the same code paths people use.
/// </summary>
public sealed partial class AuditCoverageTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private const string Reason = "Verified the resident by phone.";
    private const string NewPassword = "a-brand-new-passphrase-for-2024";

    [Fact]
    public async Task EveryListedEvent_IsRecorded_WithWhenWhoAboutWhomFromWhereAndWhy()
    {
        var resident = await app.CreateResidentAsync();
        var email = resident.Email!;
        using (var wrong = app.CreatePortalClient())
        {
            await wrong.SubmitPasswordAsync(email, "not the password at all");
        }

        var manager = await app.PrincipalAsync(DemoAccounts.Manager);
        await app.WithScopeAsync(s => s.GetRequiredService<EnrolmentReminders>().SendAsync(manager, new ReminderRequest(resident.BuildingId!.Value, [resident.Id])));
        var key = await app.AddAuthenticatorAsync(email);
        using var client = app.CreatePortalClient();
        await client.SignInWithAuthenticatorAsync(app, email, key);
        var form = await client.GetAsync("/account/security/password");
        await client.SubmitAsync(form, "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = DemoAccounts.Password,
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });
        var codes = await app.WithScopeAsync(async s => await s.GetRequiredService<UserRecoveryCodes>()
            .IssueAsync((await s.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!, notify: false));
        using (var withCode = app.CreatePortalClient())
        {
            await withCode.SubmitPasswordAsync(email, NewPassword);
            await withCode.SubmitCodeAsync(codes[0], "RecoveryCode");
        }

        await app.WithScopeAsync(s => s.GetRequiredService<PasswordResets>().SendLinkAsync(email, clientAddress: null));
        var token = ResetToken().Match((await app.Emails.WaitForAsync(email, PasswordResets.Template)).TextBody).Groups[1].Value;
        await app.WithScopeAsync(s => s.GetRequiredService<PasswordResets>().ResetAsync(Uri.UnescapeDataString(token), DemoAccounts.Password + "-again"));
        await app.AddEmailFactorAsync(email);
        var support = await app.SteppedUpPrincipalAsync(DemoAccounts.Support);
        await using (var db = app.CreateDbContext())
        {
            var emailFactor = await db.UserFactors.SingleAsync(f => f.UserId == resident.Id && f.Kind == ConnecXPortal.Domain.Factors.FactorKind.EmailCode);
            await Support(a => a.RemoveFactorAsync(support, resident.Id, emailFactor.Id, Reason));
        }

        await Support(a => a.ResetFactorsAsync(support, resident.Id, Reason, email));

        await using var log = app.CreateDbContext();
        var events = await log.AuditEvents.Where(e => e.SubjectId == resident.Id).ToListAsync();
        events.Select(e => e.Type).Distinct().Should().Contain(
        [
            AuditEventTypes.SignInFailed, AuditEventTypes.SignInSucceeded, AuditEventTypes.FactorAdded, AuditEventTypes.FactorRemoved,
            AuditEventTypes.FactorsReset, AuditEventTypes.RecoveryCodeUsed, AuditEventTypes.PasswordChanged, AuditEventTypes.PasswordReset,
            AuditEventTypes.SessionEnded, AuditEventTypes.ReminderSent,
        ]);
        events.Should().OnlyContain(e => e.At > PortalAppFactory.DefaultStart.AddMinutes(-1) && e.SubjectEmail == email);
        events.Where(e => e.Type is AuditEventTypes.SignInFailed or AuditEventTypes.SignInSucceeded or AuditEventTypes.PasswordChanged
                or AuditEventTypes.RecoveryCodeUsed)
            .Should().OnlyContain(e => e.IpAddress == "127.0.0.1" && e.ActorId == resident.Id);
        events.Where(e => e.Type is AuditEventTypes.FactorRemoved or AuditEventTypes.FactorsReset)
            .Should().OnlyContain(e => e.ActorEmail == DemoAccounts.Support && e.Reason == Reason);
        events.Single(e => e.Type == AuditEventTypes.ReminderSent).ActorEmail.Should().Be(DemoAccounts.Manager);
        events.Where(e => e.Type == AuditEventTypes.SignInSucceeded).OrderBy(e => e.Id).Select(e => e.Details)
            .Should().Equal("Password and authenticator app", "Password and recovery code");
        (await log.AuditEvents.AnyAsync(e => e.Type == AuditEventTypes.CutoverPhaseApplied && e.Details != null)).Should().BeTrue("the cutover job records each phase it applies");
    }

    private Task<SupportActionResult> Support(Func<SupportActions, Task<SupportActionResult>> action) =>
        app.WithScopeAsync(async s =>
        {
            var result = await action(s.GetRequiredService<SupportActions>());
            result.Done.Should().BeTrue(result.Message);
            return result;
        });

    [GeneratedRegex(@"reset-password\?token=([^\s]+)")]
    private static partial Regex ResetToken();
}
