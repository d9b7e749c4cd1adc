#!/usr/bin/env bash
# Regenerates the screenshots in docs/ui/: the environments list, an environment and a revision's page (its
# top, and its manifests diff) at a desktop's width (1280 px) and a phone's (390 px), in the light colour scheme, as headless Chromium shows
# them (AccessibleUiBrowserTest#screenshotsOfTheListAnEnvironmentAndARevision, on the test profile's
# simulated cluster and embedded database).
# Needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install -y chromium chromium-driver).
# Usage: docs/ui/screenshots.sh [extra Maven options, e.g. -o]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q "$@" -pl server -am test -DskipITs -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='AccessibleUiBrowserTest#screenshotsOfTheListAnEnvironmentAndARevision' \
    -Ddriftless.ui.screenshots="$PWD/docs/ui"
ls -1 docs/ui/*.png
