#!/usr/bin/env bash
# Installs the real n8n used by `npm start`, the end-to-end tests and the benchmarks,
# in a cached folder outside the package's own dependencies:
#   ${PAYSYSTEMS_CACHE:-$HOME/.cache/n8n-nodes-paysystems}/n8n-<version>
# n8n >= 2.36 needs Node 24, which comes from the npm registry as the `node` package.
# A plain `npm i n8n` fails here (a Kafka client downloads a prebuilt binary), so the
# install skips scripts and then runs the install scripts of the two packages that need them:
# `node` (puts the Node 24 binary in place) and sqlite3 (builds its addon).
# Prints the folder on stdout; progress goes to stderr.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_VERSION="${N8N_NODE_VERSION:-24}"
CACHE="${PAYSYSTEMS_CACHE:-$HOME/.cache/n8n-nodes-paysystems}"
DIR="$CACHE/n8n-$N8N_VERSION"
ready() { [ -x "$DIR/node_modules/.bin/n8n" ] && [ -x "$DIR/node_modules/.bin/node" ] && [ -f "$DIR/.ready" ]; }
if ready; then
  echo "$DIR"; exit 0
fi
# One install at a time (several test suites or sessions may start on a fresh machine at once):
# the others wait for it, then use it.
mkdir -p "$CACHE"
exec 9>"$CACHE/.n8n-$N8N_VERSION.lock"
if ! flock -n 9; then
  echo "Another process is installing n8n $N8N_VERSION into $DIR: waiting for it..." >&2
  flock 9
fi
if ready; then
  echo "$DIR"; exit 0
fi
rm -f "$DIR/.ready"
mkdir -p "$DIR"
cd "$DIR"
echo "Installing n8n $N8N_VERSION and Node.js $NODE_VERSION into $DIR (first run only, usually 10 to 15 minutes)..." >&2
[ -f package.json ] || echo '{"name":"paysystems-n8n-runtime","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts --loglevel=error "n8n@$N8N_VERSION" "node@$NODE_VERSION" >&2
# Said explicitly: under `npm start` or `npm test`, npm passes the repository's .npmrc
# (ignore-scripts=true) on to this script as npm_config_ignore_scripts.
npm rebuild --ignore-scripts=false --loglevel=error node >&2
npm rebuild --ignore-scripts=false --loglevel=error sqlite3 >&2
# The install is usable only if Node 24 runs and loads the sqlite3 addon.
"$DIR/node_modules/.bin/node" -e '
  if (!process.version.startsWith("v'"$NODE_VERSION"'.")) { console.error("Node " + process.version + " instead of '"$NODE_VERSION"'"); process.exit(1); }
  require("sqlite3");
' >&2
PATH="$DIR/node_modules/.bin:$PATH" n8n --version >&2
touch .ready
echo "$DIR"
