#!/usr/bin/env bash
# The test command: installs and starts what the tests need, runs `dotnet test PosAuth.Sdk.sln` with the given
# arguments, stops what it started (also on failure or Ctrl-C), and exits with the test exit code.
#
#   bash eng/test.sh                                        # every test
#   bash eng/test.sh --filter "FullyQualifiedName~PostgreSql"
#
# PostgreSQL: when POSAUTH_TEST_POSTGRES is already set (a server you run yourself) it is used as it is; otherwise a
# private cluster is started with eng/postgres.sh in a fresh temporary folder and removed afterwards.
# Browser tests (tests/PosAuth.BackOffice.Console.Tests) drive Debian's Chromium at /usr/bin/chromium with a CJK font
# for the zh-CN pages: installed here with apt when missing (as root; the tests fail without it, Playwright never
# downloads a browser).
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

if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "wenquanyi micro hei"; then
  if [ "$(id -u)" -eq 0 ]; then
    # One apt at a time: eng/postgres.sh and CI's prerequisites take the same lock.
    flock /tmp/posauth-apt.lock sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium fonts-wqy-microhei' >&2 \
      || echo "eng/test.sh: could not install chromium and fonts-wqy-microhei; the browser tests will fail" >&2
  else
    echo "eng/test.sh: /usr/bin/chromium or a CJK font is missing; run as root or: apt-get install chromium fonts-wqy-microhei" >&2
  fi
fi

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
