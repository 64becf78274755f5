using System.Net;
using System.Text.RegularExpressions;
using ConnecXPortal.Domain.Audit;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using ConnecXPortal.Web.Features.Invitations;
using ConnecXPortal.Web.Features.Notifications;
using ConnecXPortal.Web.Features.Passwords;
using ConnecXPortal.Web.Features.Throttling;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnecXPortal.Tests.Integration.Throttling;

/// <summary>
/// Password-reset and activation emails: at most 3 per email address an hour, whoever asks from wherever, counted in
/// the database; the request answers before any email work, the same for every address, whether or not anything is
/// sent and whether or not the email provider works.
/// </summary>
public sealed partial class AccountEmailThrottleTests(ThrottledPortalAppFactory app) : IClassFixture<ThrottledPortalAppFactory>
{
    [Fact]
    public async Task ForgotPassword_FifteenRequestsForOneAddress_SendExactlyThreeEmails_AndTheLastLinkStillWorks()
    {
        var email = (await app.CreateResidentAsync()).Email!;

        for (var i = 0; i < 15; i++)
        {
            (await ForgotPasswordFromAsync(ThrottledPortalAppFactory.NextAddress(), email)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await app.WaitForBackgroundEmailsAsync();
        var sent = app.Emails.To(email).Where(m => m.Template == PasswordResets.Template).ToList();
        sent.Should().HaveCount(3);
        using var client = app.CreatePortalClientFrom(ThrottledPortalAppFactory.NextAddress());
        (await client.GetAsync(CapturedEmails.LinkIn(sent[^1], PasswordResets.ResetPath).PathAndQuery)).Heading
            .Should().Be("Choose a new password", "the newest link still works: a request that sent nothing voided nothing");
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.CountAsync(e => e.SubjectEmail == email && e.Type == AuditEventTypes.PasswordResetRequested && e.Details!.StartsWith("Too many emails")))
            .Should().Be(12);
    }

    [Fact]
    public async Task ForgotPassword_AfterTheHour_SendsAgain()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        for (var i = 0; i < 4; i++)
        {
            await ForgotPasswordFromAsync(ThrottledPortalAppFactory.NextAddress(), email);
        }

        await app.WaitForBackgroundEmailsAsync();
        app.Emails.CountOf(email, PasswordResets.Template).Should().Be(3);

        app.Clock.Advance(TimeSpan.FromHours(1));
        await ForgotPasswordFromAsync(ThrottledPortalAppFactory.NextAddress(), email);

        await app.Emails.WaitForAsync(email, PasswordResets.Template, afterCount: 3);
    }

    [Fact]
    public async Task ForgotPassword_FortyConcurrentRequestsForOneAddress_SendExactlyThree_WithNoServerError()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        var clients = Enumerable.Range(0, 40).Select(_ => app.CreatePortalClientFrom(ThrottledPortalAppFactory.NextAddress())).ToList();
        try
        {
            var pages = await Task.WhenAll(clients.Select(c => c.GetAsync("/account/forgot-password")));

            var answers = await Task.WhenAll(clients.Select((c, i) =>
                c.SubmitAsync(pages[i], "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email })));

            answers.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
            await app.WaitForBackgroundEmailsAsync();
            app.Emails.CountOf(email, PasswordResets.Template).Should().Be(3);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task ForgotPassword_AnswersKnownUnknownAndRefusedAddressesByteForByteTheSame()
    {
        var email = $"maybe-{Guid.NewGuid():N}@tests.example.com";
        var unknown = await ForgotPasswordFromAsync(ThrottledPortalAppFactory.NextAddress(), email);
        await app.CreateResidentAsync(email);
        var known = await ForgotPasswordFromAsync(ThrottledPortalAppFactory.NextAddress(), email);
        for (var i = 0; i < 2; i++)
        {
            await ForgotPasswordFromAsync(ThrottledPortalAppFactory.NextAddress(), email);
        }

        await app.Emails.WaitForAsync(email, PasswordResets.Template, afterCount: 2);
        var nothingSent = await ForgotPasswordFromAsync(ThrottledPortalAppFactory.NextAddress(), email);

        await app.WaitForBackgroundEmailsAsync();
        app.Emails.CountOf(email, PasswordResets.Template).Should().Be(3);
        known.StatusCode.Should().Be(unknown.StatusCode);
        nothingSent.StatusCode.Should().Be(unknown.StatusCode);
        Normalise(known.Html).Should().Be(Normalise(unknown.Html));
        Normalise(nothingSent.Html).Should().Be(Normalise(unknown.Html));
    }

    [Fact]
    public async Task ForgotPassword_WhenTheEmailProviderFails_AnswersTheSame_AndTheNextEmailStillGoesOut()
    {
        var failing = $"failing-{Guid.NewGuid():N}@tests.example.com";
        var unknown = await ForgotPasswordFromAsync(ThrottledPortalAppFactory.NextAddress(), failing);
        await app.CreateResidentAsync(failing);
        app.Faults.Fail(failing);

        var known = await ForgotPasswordFromAsync(ThrottledPortalAppFactory.NextAddress(), failing);

        known.StatusCode.Should().Be(HttpStatusCode.OK);
        Normalise(known.Html).Should().Be(Normalise(unknown.Html));
        var other = (await app.CreateResidentAsync()).Email!;
        await ForgotPasswordFromAsync(ThrottledPortalAppFactory.NextAddress(), other);
        await app.Emails.WaitForAsync(other, PasswordResets.Template);
        await app.WaitForBackgroundEmailsAsync();
        app.Emails.To(failing).Should().BeEmpty();
        await using var db = app.CreateDbContext();
        (await db.AuditEvents.AnyAsync(e => e.SubjectEmail == failing && e.Details == "Link sent.")).Should().BeTrue("the failure came after the link was made");
    }

    [Fact]
    public async Task ForgotPassword_AnswersBeforeTheEmailIsSent()
    {
        var email = (await app.CreateResidentAsync()).Email!;
        app.Faults.Hold(email);

        var answer = await ForgotPasswordFromAsync(ThrottledPortalAppFactory.NextAddress(), email);

        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        answer.Document.QuerySelector("[role=status]")!.TextContent.Should().Contain("we have sent it a link");
        app.Emails.To(email).Should().BeEmpty("the email is held back: the answer did not wait for it");
        app.Services.GetRequiredService<BackgroundEmails>().Pending.Should().BePositive();
        app.Faults.Release(email);
        await app.Emails.WaitForAsync(email, PasswordResets.Template);
    }

    [Fact]
    public async Task NewActivationLink_FifteenRequests_SendExactlyThree_AndAnswerAsForAnUnknownAddress()
    {
        var email = $"invited-{Guid.NewGuid():N}@tests.example.com";
        var unknown = await NewActivationLinkFromAsync(ThrottledPortalAppFactory.NextAddress(), email);
        await app.CreateResidentAsync(email, activated: false);
        var answers = new List<PortalResponse>();

        for (var i = 0; i < 15; i++)
        {
            answers.Add(await NewActivationLinkFromAsync(ThrottledPortalAppFactory.NextAddress(), email));
        }

        await app.WaitForBackgroundEmailsAsync();
        app.Emails.CountOf(email, ResidentInvitations.Template).Should().Be(3);
        answers.Should().AllSatisfy(a =>
        {
            a.StatusCode.Should().Be(unknown.StatusCode);
            Normalise(a.Html).Should().Be(Normalise(unknown.Html));
        });
    }

    [Fact]
    public async Task NewActivationLink_FortyConcurrentRequests_SendExactlyThree_WithNoServerError()
    {
        var email = (await app.CreateResidentAsync(activated: false)).Email!;
        var clients = Enumerable.Range(0, 40).Select(_ => app.CreatePortalClientFrom(ThrottledPortalAppFactory.NextAddress())).ToList();
        try
        {
            var pages = await Task.WhenAll(clients.Select(c => c.GetAsync("/account/activate")));

            var answers = await Task.WhenAll(clients.Select((c, i) =>
                c.SubmitAsync(pages[i], "new-activation-link", new Dictionary<string, string> { ["NewLink.Email"] = email })));

            answers.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
            await app.WaitForBackgroundEmailsAsync();
            app.Emails.CountOf(email, ResidentInvitations.Template).Should().Be(3);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Resend_AfterThreeActivationEmailsInTheHour_SendsNothing_AndTellsTheInviterWhen()
    {
        var email = $"resent-{Guid.NewGuid():N}@tests.example.com";
        var invited = await InviteAsync(DemoAccounts.Support, email);
        invited.Outcome.Should().Be(InvitationOutcome.Sent);
        (await ResendAsync(DemoAccounts.Support, invited.UserId!.Value)).Outcome.Should().Be(InvitationOutcome.Sent);
        (await ResendAsync(DemoAccounts.Support, invited.UserId!.Value)).Outcome.Should().Be(InvitationOutcome.Sent);
        var firstSentAt = app.Clock.GetUtcNow();

        var refused = await ResendAsync(DemoAccounts.Support, invited.UserId!.Value);

        refused.Outcome.Should().Be(InvitationOutcome.TooManyEmails);
        refused.RetryAt.Should().Be(firstSentAt + TimeSpan.FromHours(1));
        app.Emails.CountOf(email, ResidentInvitations.Template).Should().Be(3);
        var message = await app.WithScopeAsync(s => Task.FromResult(s.GetRequiredService<ResidentInvitations>().LimitMessage(refused, email)));
        message.Should().StartWith($"{email} has been sent 3 account emails (activation or password links) in the last hour, so no email went out now.");
    }

    [Fact]
    public async Task Invitations_AfterTheInviterLimit_AreRefused_AndCreateNoAccount()
    {
        for (var i = 0; i < 4; i++)
        {
            (await InviteAsync(DemoAccounts.Manager, $"batch-{Guid.NewGuid():N}@tests.example.com")).Outcome.Should().Be(InvitationOutcome.Sent);
        }

        var email = $"batch-{Guid.NewGuid():N}@tests.example.com";
        var refused = await InviteAsync(DemoAccounts.Manager, email);

        refused.Outcome.Should().Be(InvitationOutcome.TooManyInvitations);
        var message = await app.WithScopeAsync(s => Task.FromResult(s.GetRequiredService<ResidentInvitations>().LimitMessage(refused, email)));
        message.Should().Be("You have sent many invitations in a short time. Try again in 15 minutes.");
        await using var db = app.CreateDbContext();
        (await db.Users.AnyAsync(u => u.Email == email)).Should().BeFalse();
    }

    [Fact]
    public async Task Slots_FortyConcurrentClaims_TakeExactlyTheLimit_AndFreeUpAfterTheWindow()
    {
        var slots = app.Services.GetRequiredService<ThrottleSlots>();
        var key = $"test:{Guid.NewGuid():N}";
        var start = app.Clock.GetUtcNow();

        var claims = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => slots.TryClaimAsync(key, 3, TimeSpan.FromHours(1)))));

        claims.Count(c => c.Claimed).Should().Be(3);
        claims.Where(c => !c.Claimed).Should().AllSatisfy(c => c.NextFreeAt.Should().Be(start + TimeSpan.FromHours(1)));
        app.Clock.Advance(TimeSpan.FromMinutes(59));
        (await slots.TryClaimAsync(key, 3, TimeSpan.FromHours(1))).Claimed.Should().BeFalse();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        (await slots.TryClaimAsync(key, 3, TimeSpan.FromHours(1))).Claimed.Should().BeTrue();
    }

    /// <summary>The page without what changes with every response: antiforgery tokens, Blazor's protected component state and the CSP nonce.</summary>
    internal static string Normalise(string html) =>
        CspNonce().Replace(ProtectedState().Replace(AntiforgeryInput().Replace(html, "<antiforgery>"), "<!--Blazor-Server-Component-State-->"), "nonce=\"<nonce>\"");

    [GeneratedRegex(@"<input[^>]*__RequestVerificationToken[^>]*>")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:[^-]*-->")]
    private static partial Regex ProtectedState();

    /// <summary>The per-response CSP nonce on the import map's script tag.</summary>
    [GeneratedRegex(@"nonce=""[^""]*""")]
    private static partial Regex CspNonce();

    private async Task<PortalResponse> ForgotPasswordFromAsync(string address, string email)
    {
        using var client = app.CreatePortalClientFrom(address);
        var page = await client.GetAsync("/account/forgot-password");
        return await client.SubmitAsync(page, "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
    }

    private async Task<PortalResponse> NewActivationLinkFromAsync(string address, string email)
    {
        using var client = app.CreatePortalClientFrom(address);
        var page = await client.GetAsync("/account/activate");
        return await client.SubmitAsync(page, "new-activation-link", new Dictionary<string, string> { ["NewLink.Email"] = email });
    }

    private Task<InvitationResult> InviteAsync(string inviterEmail, string email) =>
        app.WithScopeAsync(async services =>
        {
            var inviter = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(inviterEmail))!;
            var invitations = services.GetRequiredService<ResidentInvitations>();
            var building = (await invitations.BuildingsForAsync(inviter))[0];
            return await invitations.InviteAsync(inviter, new InvitationRequest
            {
                GivenName = "New",
                FamilyName = "Resident",
                Email = email,
                BuildingId = building.Id,
                Unit = "7B",
            });
        });

    private Task<InvitationResult> ResendAsync(string inviterEmail, Guid userId) =>
        app.WithScopeAsync(async services =>
        {
            var inviter = (await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(inviterEmail))!;
            return await services.GetRequiredService<ResidentInvitations>().ResendAsync(inviter, userId);
        });
}
