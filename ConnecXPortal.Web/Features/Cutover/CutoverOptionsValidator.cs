using System.Globalization;
using Microsoft.Extensions.Options;

namespace ConnecXPortal.Web.Features.Cutover;

/// <summary>
/// Stops the portal at start when the cutover dates make no sense, naming the key: an unknown time zone, a local time
/// that does not exist or happens twice (daylight saving), or dates out of order (the portal first, then Android,
/// iOS and white-label, all finished by <see cref="CutoverOptions.AppsFinishBy"/>).
/// </summary>
internal sealed class CutoverOptionsValidator : IValidateOptions<CutoverOptions>
{
    public ValidateOptionsResult Validate(string? name, CutoverOptions options)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out var zone))
        {
            return ValidateOptionsResult.Fail(
                "Cutover:TimeZone is not a time zone this machine knows (use an IANA name such as Australia/Sydney).");
        }

        var errors = new List<string>();
        var dates = new (string Key, DateTime Value)[]
        {
            (nameof(CutoverOptions.PortalCutover), options.PortalCutover),
            (nameof(CutoverOptions.AndroidFrom), options.AndroidFrom),
            (nameof(CutoverOptions.IosFrom), options.IosFrom),
            (nameof(CutoverOptions.WhiteLabelFrom), options.WhiteLabelFrom),
            (nameof(CutoverOptions.AppsFinishBy), options.AppsFinishBy),
        };

        foreach (var (key, value) in dates)
        {
            var local = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(local))
            {
                errors.Add($"Cutover:{key} ({Show(value)}) does not exist in {options.TimeZone}: the clocks skip it when daylight saving starts.");
            }
            else if (zone.IsAmbiguousTime(local))
            {
                errors.Add($"Cutover:{key} ({Show(value)}) happens twice in {options.TimeZone} when daylight saving ends; choose another time.");
            }
        }

        Before(errors, dates[0], dates[1], orEqual: true, "the apps are logged out after the portal cutover");
        Before(errors, dates[1], dates[2], orEqual: false, "the Android phase runs before the iOS phase");
        Before(errors, dates[2], dates[3], orEqual: false, "the iOS phase runs before the white-label phase");
        Before(errors, dates[3], dates[4], orEqual: false, "the white-label phase must finish after it starts");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Before(List<string> errors, (string Key, DateTime Value) earlier, (string Key, DateTime Value) later, bool orEqual, string why)
    {
        if (later.Value > earlier.Value || (orEqual && later.Value == earlier.Value))
        {
            return;
        }

        errors.Add($"Cutover:{later.Key} ({Show(later.Value)}) must be after Cutover:{earlier.Key} ({Show(earlier.Value)}): {why}.");
    }

    private static string Show(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
