#!/usr/bin/env bash
# Installs the package's own devDependencies when they are missing or older than the lockfile.
# (.npmrc sets ignore-scripts: one lint dependency's install script insists on pnpm.)
# `npm install`, not `npm ci`: the registry reachable here serves only some platforms' builds of
# optional native packages, so the lockfile cannot list them all and `npm ci` refuses it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm install)..." >&2
  npm install --no-audit --no-fund --loglevel=error >&2
  touch node_modules/.package-lock.json
fi
