using System.Security.Cryptography;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;

namespace ConnecXPortal.Web.Features.Security;

/// <summary>
/// What someone typed on an interactive page before a step-up sent them away to verify it's them (a reason, a
/// confirmation): kept in the browser tab's session storage, encrypted and signed with Data Protection, and handed
/// back once when they return, so nothing they typed is lost. Never in the URL, where it would reach logs and history.
/// </summary>
public sealed class StepUpDrafts(ProtectedSessionStorage storage)
{
    public async Task SaveAsync<T>(string key, T draft)
        where T : class => await storage.SetAsync(Purpose(key), draft);

    /// <summary>The draft saved under <paramref name="key"/>, removed as it is read; null when there is none (or it cannot be read).</summary>
    public async Task<T?> TakeAsync<T>(string key)
        where T : class
    {
        try
        {
            var result = await storage.GetAsync<T>(Purpose(key));
            if (result.Success)
            {
                await storage.DeleteAsync(Purpose(key));
            }

            return result.Success ? result.Value : null;
        }
        catch (CryptographicException)
        {
            await storage.DeleteAsync(Purpose(key));
            return null;
        }
    }

    private static string Purpose(string key) => $"connecX.StepUpDraft.{key}";
}
