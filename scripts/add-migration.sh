#!/usr/bin/env bash
# Adds one migration, under one name, for every database provider FlipFlow supports.
#   scripts/add-migration.sh <Name>
# Each provider keeps its own migrations: FlipFlow.Infrastructure/Database/Migrations/<Provider>/.
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh <MigrationName>}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build FlipFlow.Infrastructure --nologo -v quiet
for provider in Sqlite PostgreSql SqlServer; do
  dotnet ef migrations add "$name" --no-build \
    --project FlipFlow.Infrastructure --startup-project FlipFlow.Infrastructure \
    --context "${provider}FlipFlowDbContext" \
    --output-dir "Database/Migrations/$provider"
done
echo "Added migration '$name' for Sqlite, PostgreSql and SqlServer."
