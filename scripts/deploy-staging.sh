#!/usr/bin/env bash
# Deploys this checkout to a staging host, without Docker (docs/deploy.md):
#   1. loads the environment file (.env, or DEPLOY_ENV_FILE);
#   2. waits for PostgreSQL, at most DEPLOY_DB_TIMEOUT seconds (60);
#   3. applies the pending migrations as the OWNER role (MIGRATION_DATABASE_URL) —
#      drizzle's migrator runs the whole batch in one transaction, so a failing
#      migration leaves the database at the version it had and the running app
#      keeps serving;
#   4. builds (skipped with DEPLOY_SKIP_BUILD=1 when this commit is already built);
#   5. stops the previous app (pid file) and starts the new one as the app's
#      LOGIN role (DATABASE_URL, a member of rematricula_app), with
#      REQUIRE_UNPRIVILEGED_LOGIN=1 and without the owner's connection string;
#   6. succeeds only when /api/health answers 200 "ok" at the latest schema
#      version within DEPLOY_HEALTH_TIMEOUT seconds (90); otherwise it stops the
#      new process and exits non-zero.
# Every failure prints "DEPLOY FAILED: <why>" and exits with status 1.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

fail() { echo "DEPLOY FAILED: $*" >&2; exit 1; }
step() { echo "==> $*"; }

ENV_FILE="${DEPLOY_ENV_FILE:-.env}"
[ -f "$ENV_FILE" ] || fail "environment file $ENV_FILE not found (copy docs/deploy.md's example)"
set -a
# shellcheck disable=SC1090
. "$ENV_FILE"
set +a

: "${DATABASE_URL:?DEPLOY FAILED: DATABASE_URL (the login role of the app) is not set}"
: "${MIGRATION_DATABASE_URL:?DEPLOY FAILED: MIGRATION_DATABASE_URL (the owner role) is not set}"
: "${AUTH_SECRET:?DEPLOY FAILED: AUTH_SECRET is not set}"
[ "${#AUTH_SECRET}" -ge 32 ] || fail "AUTH_SECRET must have at least 32 characters"
[ "$DATABASE_URL" != "$MIGRATION_DATABASE_URL" ] || fail "DATABASE_URL must not be the owner's connection: the app logs in as an unprivileged member of rematricula_app"
PORT="${PORT:-3000}"
APP_HOSTNAME="${HOSTNAME_BIND:-127.0.0.1}"
RUN_DIR="${DEPLOY_RUN_DIR:-.deploy}"
PID_FILE="$RUN_DIR/app.pid"
LOG_FILE="$RUN_DIR/app.log"
DB_TIMEOUT="${DEPLOY_DB_TIMEOUT:-60}"
HEALTH_TIMEOUT="${DEPLOY_HEALTH_TIMEOUT:-90}"
mkdir -p "$RUN_DIR"

step "waiting for PostgreSQL (up to ${DB_TIMEOUT}s)"
deadline=$((SECONDS + DB_TIMEOUT))
until MIGRATION_DATABASE_URL="$MIGRATION_DATABASE_URL" node -e '
  const postgres = require("postgres");
  const sql = postgres(process.env.MIGRATION_DATABASE_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  sql`select 1`.then(() => sql.end().then(() => process.exit(0)), () => process.exit(1));' 2>/dev/null; do
  [ "$SECONDS" -lt "$deadline" ] || fail "PostgreSQL did not answer within ${DB_TIMEOUT}s; nothing was changed"
  sleep 1
done

step "applying migrations as the owner role"
if ! DATABASE_URL="$MIGRATION_DATABASE_URL" npx tsx db/migrate-cli.ts; then
  fail "a migration failed; the batch runs in one transaction, so none of it was applied and the running version (if any) keeps serving"
fi
EXPECTED=$(node -e 'const p=require("path");const d=process.env.MIGRATIONS_DIR||p.join("db","migrations");
  console.log(JSON.parse(require("fs").readFileSync(p.join(d,"meta","_journal.json"),"utf8")).entries.length)')

if [ "${DEPLOY_SKIP_BUILD:-}" = "1" ]; then
  [ -f .next/BUILD_ID ] || fail "DEPLOY_SKIP_BUILD=1 but there is no build (.next/BUILD_ID)"
  step "build skipped (DEPLOY_SKIP_BUILD=1)"
else
  step "building"
  npm run build || fail "the build failed; the migrations above are applied (they must stay compatible with the running version — docs/deploy.md)"
fi

if [ -f "$PID_FILE" ]; then
  old=$(cat "$PID_FILE")
  if kill -0 "$old" 2>/dev/null; then
    step "stopping the previous app (pid $old)"
    kill -TERM "$old"
    for _ in $(seq 1 40); do kill -0 "$old" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$old" 2>/dev/null && kill -KILL "$old"
  fi
  rm -f "$PID_FILE"
fi

step "starting the app on port $PORT as the login role of DATABASE_URL"
# The owner's connection string stays out of the app's environment.
env -u MIGRATION_DATABASE_URL NODE_ENV=production REQUIRE_UNPRIVILEGED_LOGIN=1 PORT="$PORT" HOSTNAME="$APP_HOSTNAME" \
  setsid node server.mjs >>"$LOG_FILE" 2>&1 < /dev/null &
pid=$!
echo "$pid" >"$PID_FILE"

step "waiting for /api/health to answer 200 at schema version $EXPECTED (up to ${HEALTH_TIMEOUT}s)"
deadline=$((SECONDS + HEALTH_TIMEOUT))
last=""
while :; do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$PID_FILE"
    tail -n 20 "$LOG_FILE" >&2 || true
    fail "the app exited during start-up (log: $LOG_FILE)"
  fi
  # Prints the answer and exits 0 only for 200 "ok" at the expected version.
  if last=$(node -e 'fetch(process.argv[1]).then(async (r) => { const b = await r.json().catch(() => ({}));
      console.log(r.status + " " + (b.status ?? "") + " " + (b.schemaVersion ?? ""));
      process.exit(r.status === 200 && b.status === "ok" && b.schemaVersion === Number(process.argv[2]) ? 0 : 1); },
      () => { console.log("unreachable"); process.exit(1); })' "http://127.0.0.1:$PORT/api/health" "$EXPECTED"); then
    break
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    rm -f "$PID_FILE"
    fail "/api/health did not answer \"200 ok $EXPECTED\" within ${HEALTH_TIMEOUT}s (last answer: $last); the new version was stopped"
  fi
  sleep 1
done
echo "DEPLOY OK: pid $pid, port $PORT, schema version $EXPECTED"
