#!/usr/bin/env bash
# Regenerates scripts/sqlserver-migrations.sql: the idempotent SQL Server script of every migration, for a database
# team that applies schema changes itself (docs/deploy.md). MigrationTests fails when it is stale.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null
cd ConnecXPortal.Web
dotnet ef migrations script --idempotent --context SqlServerPortalDbContext --output "$root/scripts/sqlserver-migrations.sql" "$@"
