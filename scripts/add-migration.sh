#!/usr/bin/env bash
# Adds a migration with the same name to both providers' migration sets.
# Usage: scripts/add-migration.sh <MigrationName>
set -euo pipefail
name="${1:?usage: scripts/add-migration.sh <MigrationName>}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null
cd ConnecXPortal.Web
dotnet ef migrations add "$name" --context SqlitePortalDbContext --output-dir Data/Migrations/Sqlite
dotnet ef migrations add "$name" --context SqlServerPortalDbContext --output-dir Data/Migrations/SqlServer --no-build
"$root/scripts/sqlserver-script.sh" --no-build
