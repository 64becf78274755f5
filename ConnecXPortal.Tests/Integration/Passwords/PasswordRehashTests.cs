using System.Buffers.Binary;
using System.Net;
using ConnecXPortal.Tests.Infrastructure;
using ConnecXPortal.Web.Data;
using Microsoft.AspNetCore.Cryptography.KeyDerivation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Tests.Integration.Passwords;

/// <summary>Password hashes at PBKDF2-HMAC-SHA512 with 210,000 iterations, and older hashes upgraded at sign-in.</summary>
public sealed class PasswordRehashTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private const int OldIterations = 100_000;
    private const int Iterations = 210_000;

    [Fact]
    public async Task NewPasswords_AreHashedWithHmacSha512_At210000Iterations()
    {
        var user = await app.CreateResidentAsync();

        var (prf, iterations) = V3Header(await StoredHashAsync(user.Id));

        prf.Should().Be((uint)KeyDerivationPrf.HMACSHA512);
        iterations.Should().Be(Iterations);
    }

    [Fact]
    public async Task AnOldHash_IsRehashedAtTheNextSignIn_WithoutSigningAnyoneOut_AndStillSignsIn()
    {
        var (user, oldHash) = await ResidentWithAHashOfAsync(OldIterations);
        var stamp = await SecurityStampAsync(user.Id);

        using var first = app.CreatePortalClient();
        (await first.SubmitPasswordAsync(user.Email!, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be("/account/setup");

        var rehashed = await StoredHashAsync(user.Id);
        rehashed.Should().NotBe(oldHash);
        V3Header(rehashed).Iterations.Should().Be(Iterations);
        (await SecurityStampAsync(user.Id)).Should().Be(stamp, "a rehash is not a password change: every session stays");

        using var second = app.CreatePortalClient();
        (await second.SubmitPasswordAsync(user.Email!, DemoAccounts.Password)).Location!.AbsolutePath.Should().Be("/account/setup");
        (await StoredHashAsync(user.Id)).Should().Be(rehashed, "a current hash is not rehashed again");
    }

    [Fact]
    public async Task AnOldHash_IsRehashedAtAnAppSignIn_Too()
    {
        var (user, _) = await ResidentWithAHashOfAsync(OldIterations);
        using var client = app.CreateAppClient();

        var signIn = await client.PostAsync("sign-in", new { email = user.Email, password = DemoAccounts.Password, deviceName = "Pixel 8" });

        signIn.Status.Should().Be(HttpStatusCode.OK, signIn.Body);
        signIn.Json.GetProperty("status").GetString().Should().Be("enrolment_required");
        V3Header(await StoredHashAsync(user.Id)).Iterations.Should().Be(Iterations);
    }

    [Fact]
    public async Task AWrongPassword_NeverRehashes()
    {
        var (user, oldHash) = await ResidentWithAHashOfAsync(OldIterations);
        using var client = app.CreatePortalClient();

        (await client.SubmitPasswordAsync(user.Email!, "not-the-password-at-all")).Location.Should().BeNull();

        (await StoredHashAsync(user.Id)).Should().Be(oldHash);
    }

    [Fact]
    public async Task TheRightPasswordWhileLocked_DoesNotRehash()
    {
        var (user, oldHash) = await ResidentWithAHashOfAsync(OldIterations);
        await using (var db = app.CreateDbContext())
        {
            var until = app.Clock.GetUtcNow().AddMinutes(10);
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, until));
        }

        using var client = app.CreatePortalClient();
        (await client.SubmitPasswordAsync(user.Email!, DemoAccounts.Password)).Location.Should().BeNull("a locked account answers as a wrong password does");

        (await StoredHashAsync(user.Id)).Should().Be(oldHash);
    }

    [Fact]
    public async Task ParallelSignInsWithAnOldHash_AllSucceed_AndLeaveOneWorkingCurrentHash()
    {
        var (user, _) = await ResidentWithAHashOfAsync(OldIterations);
        var clients = Enumerable.Range(0, 8).Select(_ => app.CreatePortalClient()).ToList();
        try
        {
            var pages = await Task.WhenAll(clients.Select(c => c.GetAsync("/account/sign-in")));
            var posts = clients.Select((c, i) => c.PrepareSubmit(pages[i], "sign-in", new Dictionary<string, string>
            {
                ["Input.Email"] = user.Email!,
                ["Input.Password"] = DemoAccounts.Password,
            })).ToList();

            var answers = await Task.WhenAll(posts.Select(post => Task.Run(post)));

            answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.Redirect && a.Location!.AbsolutePath == "/account/setup");
            var hash = await StoredHashAsync(user.Id);
            V3Header(hash).Iterations.Should().Be(Iterations);
            (await app.WithScopeAsync(services => Task.FromResult(services.GetRequiredService<IPasswordHasher<PortalUser>>()
                .VerifyHashedPassword(user, hash, DemoAccounts.Password)))).Should().Be(PasswordVerificationResult.Success);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// Identity's V3 format: byte 0 is 0x01, then big-endian the PRF (bytes 1-4), the iteration count (bytes 5-8) and
    /// the salt length (bytes 9-12), then the salt and the subkey.
    /// </summary>
    private static (uint Prf, int Iterations) V3Header(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        bytes[0].Should().Be(0x01, "an Identity V3 hash");
        return (BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4)), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4)));
    }

    /// <summary>A resident whose stored hash of the demo password was made with <paramref name="iterations"/>.</summary>
    private async Task<(PortalUser User, string Hash)> ResidentWithAHashOfAsync(int iterations)
    {
        var user = await app.CreateResidentAsync();
        var old = new PasswordHasher<PortalUser>(Options.Create(new PasswordHasherOptions { IterationCount = iterations }))
            .HashPassword(user, DemoAccounts.Password);
        V3Header(old).Iterations.Should().Be(iterations);
        await using var db = app.CreateDbContext();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, old));
        return (user, old);
    }

    private async Task<string> StoredHashAsync(Guid userId)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.PasswordHash!).SingleAsync();
    }

    private async Task<string?> SecurityStampAsync(Guid userId)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync();
    }
}
