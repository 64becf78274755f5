namespace ConnecXPortal.Tests.Infrastructure;

public static class PortalClientSignIn
{
    /// <summary>Submits the sign-in form and returns the response to the post (usually a redirect).</summary>
    public static async Task<PortalResponse> SubmitPasswordAsync(this PortalClient client, string email, string password, string? returnUrl = null)
    {
        var page = await client.GetAsync(returnUrl is null ? "/account/sign-in" : $"/account/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}");
        return await client.SubmitAsync(page, "sign-in", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }
}
