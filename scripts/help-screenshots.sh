#!/usr/bin/env bash
# Rewrites the help articles' screenshots in wwwroot-assets/help: starts the real portal (its own throwaway database,
# demo data, a stopped clock) and walks a demo resident through it in Chromium (ConnecXPortal.HelpScreenshotGenerator).
# Re-run it whenever a page the articles show changes. Files whose pixels did not change are left alone.
# An optional argument writes the PNGs to another folder instead.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dotnet run --project ConnecXPortal.HelpScreenshotGenerator -- "$@"
git status --short wwwroot-assets/help
