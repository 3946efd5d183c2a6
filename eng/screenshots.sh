#!/usr/bin/env bash
# Regenerates docs/screenshots/ (every console page, en and zh-CN, 1280x800) by running the browser walk tests, which
# take a screenshot at each step: <step>.<language>.png. Needs /usr/bin/chromium and fonts-wqy-microhei (eng/test.sh
# installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
POSAUTH_SCREENSHOTS_DIR="$(pwd)/docs/screenshots" dotnet test tests/PosAuth.BackOffice.Console.Tests --filter "FullyQualifiedName~ConsoleWalkTests"
