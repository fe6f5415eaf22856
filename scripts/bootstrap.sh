#!/usr/bin/env bash
# Installs the package's own devDependencies when they are missing or when package.json or the
# lockfile changed since the last install (a stamp of their contents is kept in node_modules).
# (.npmrc sets ignore-scripts: one lint dependency's install script insists on pnpm.)
# `npm install`, not `npm ci`: the registry reachable here serves only some platforms' builds of
# optional native packages, so the lockfile cannot list them all and `npm ci` refuses it.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.paysystems-deps
want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing dependencies (npm install)..." >&2
  npm install --no-audit --no-fund --loglevel=error >&2
  # npm may tidy the lockfile; stamp what is there now.
  cat package.json package-lock.json | sha256sum | cut -d' ' -f1 > "$stamp"
fi
