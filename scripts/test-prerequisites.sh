#!/usr/bin/env bash
# Installs and starts what FlipFlow's tests need, when missing: Chromium for the browser tests and a
# PostgreSQL server on 127.0.0.1 with a `flipflow` role. Safe to run again: it does only what is not done.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "test-prerequisites: '$*' needs root, and sudo is not available" >&2; exit 1
  fi
}

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-liberation)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
conf=/etc/postgresql/$version/main/postgresql.conf
if [ ! -f "$conf" ]; then
  as_root pg_createcluster "$version" main >/dev/null
fi
if ! grep -q "^listen_addresses = '127.0.0.1'" "$conf"; then
  as_root sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" "$conf"
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $4 }' | grep -q online; then
  # The service manager does not run here; start the cluster directly.
  as_root pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 || { echo "PostgreSQL did not start on 127.0.0.1" >&2; exit 1; }

as_postgres() { as_root su postgres -c "$1"; }
if [ "$(as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'flipflow'\"")" != "1" ]; then
  as_postgres "psql -qc \"CREATE ROLE flipflow LOGIN PASSWORD 'flipflow' CREATEDB\""
fi
if [ "$(as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'flipflow'\"")" != "1" ]; then
  as_postgres "createdb -O flipflow flipflow"
fi
echo "Prerequisites ready: $(chromium --version 2>/dev/null | head -n 1), PostgreSQL $version on 127.0.0.1:5432."
