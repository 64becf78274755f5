using ConnecXPortal.HelpScreenshotGenerator;

// scripts/help-screenshots.sh runs this: dotnet run --project ConnecXPortal.HelpScreenshotGenerator [-- <output folder>]
return await HelpScreenshotRun.RunAsync(args);
