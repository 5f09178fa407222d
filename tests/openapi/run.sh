#!/bin/bash
# Lints schemas/openapi.yaml with Redocly's OpenAPI linter, then checks the live answers of the real
# kr-server (over an index of corpus/) against the spec's schemas with check_live.mjs.
# Usage: tests/openapi/run.sh KR_INDEX KR_SERVER
# Needs node and npm; the npm packages come from package-lock.json (`npm ci` when missing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
kr_index=${1:?usage: run.sh KR_INDEX KR_SERVER}
kr_server=${2:?usage: run.sh KR_INDEX KR_SERVER}
spec="$root/schemas/openapi.yaml"
# The linter must never phone home: tests run offline.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

command -v node >/dev/null || { echo "openapi: node is missing (scripts/install-deps.sh)" >&2; exit 1; }
# npm ci is not concurrency-safe: a lock keeps two test runs from installing at once.
(
  flock 9
  if [[ ! -x "$here/node_modules/.bin/redocly" || "$here/package-lock.json" -nt "$here/node_modules" ]]; then
    echo "openapi: npm ci" >&2
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2) && touch "$here/node_modules"
  fi
) 9>"${TMPDIR:-/tmp}/kr-openapi-npm-ci.lock"
redocly="$here/node_modules/.bin/redocly"

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== lint $spec"
"$redocly" lint --config "$here/redocly.yaml" --format=stylish "$spec"

# The linter must be able to fail: a spec with a dangling $ref and an undocumented path parameter.
sed -e 's|#/components/schemas/SearchResult|#/components/schemas/NoSuchSchema|' \
    -e 's|/api/v1/records/{id}/similar:|/api/v1/records/{record}/similar:|' "$spec" > "$work/broken.yaml"
if "$redocly" lint --config "$here/redocly.yaml" "$work/broken.yaml" >"$work/broken.log" 2>&1; then
  echo "openapi: the linter accepted a broken spec:" >&2
  cat "$work/broken.log" >&2
  exit 1
fi

echo "== index corpus/"
"$kr_index" --corpus "$root/corpus" --index "$work/index" --no-progress >"$work/index.log" 2>&1 ||
  { cat "$work/index.log" >&2; exit 1; }

secret="openapi-test-$$-$RANDOM"
{
  echo "# openapi test key"
  echo "tester $(printf '%s' "$secret" | sha256sum | cut -d' ' -f1)"
} >"$work/keys"
mkdir -p "$work/web/static"
echo '<!doctype html><title>KR</title>' >"$work/web/index.html"
echo 'console.log("kr");' >"$work/web/static/app.js"
echo 'body { margin: 0 }' >"$work/web/static/style.css"

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')
"$kr_server" --index "$work/index" --listen "127.0.0.1:$port" --keys "$work/keys" --web "$work/web" \
  >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  if curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; then break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done

echo "== live responses of kr-server on port $port"
status=0
node "$here/check_live.mjs" --spec "$spec" --base "http://127.0.0.1:$port" --key "$secret" || status=$?
if [[ $status -ne 0 ]]; then
  echo "--- server log (last 40 lines)" >&2
  tail -n 40 "$work/server.log" | cut -c1-300 >&2
fi
exit $status
