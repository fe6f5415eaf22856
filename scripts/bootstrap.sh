#!/usr/bin/env bash
# Installs the package's own devDependencies when they are missing or older than the lockfile.
# (.npmrc sets ignore-scripts: one lint dependency's install script insists on pnpm.)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
