#!/usr/bin/env bash
# The test command: installs and starts what the tests need, runs `dotnet test PosAuth.Sdk.sln` with the given
# arguments, stops what it started (also on failure or Ctrl-C), and exits with the test exit code.
#
#   bash eng/test.sh                                        # every test
#   bash eng/test.sh --filter "FullyQualifiedName~PostgreSql"
#
# PostgreSQL: when POSAUTH_TEST_POSTGRES is already set (a server you run yourself) it is used as it is; otherwise a
# private cluster is started with eng/postgres.sh in a fresh temporary folder and removed afterwards.
set -uo pipefail
cd "$(dirname "$0")/.."

started_dir=""
cleanup() {
  if [ -n "$started_dir" ]; then
    POSAUTH_PG_DIR="$started_dir" bash eng/postgres.sh stop || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "${POSAUTH_TEST_POSTGRES:-}" ]; then
  started_dir="$(mktemp -d "${TMPDIR:-/tmp}/posauth-pg-test.XXXXXX")"
  if ! env_lines="$(POSAUTH_PG_DIR="$started_dir" bash eng/postgres.sh start)"; then
    echo "eng/test.sh: could not start PostgreSQL for the tests (see above)" >&2
    exit 1
  fi
  eval "$env_lines"
fi

dotnet test PosAuth.Sdk.sln "$@"
exit $?
