#!/usr/bin/env bash
# Signs in to the real portal in Chromium and rewrites the help articles' screenshots in wwwroot-assets/help.
# Re-run it whenever a page the articles show changes (or a new one, such as the forgotten-password page, lands).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
CONNECX_HELP_SCREENSHOTS=1 dotnet test ConnecXPortal.Tests --filter "Category=HelpScreenshots" --logger "console;verbosity=detailed"
git status --short wwwroot-assets/help
