#!/usr/bin/env bash
# The whole test suite: build, lint (n8n's community-node rules), unit and integration tests
# through n8n-core against the sandboxes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
npm run build
npm run lint
npx jest --ci "$@"
