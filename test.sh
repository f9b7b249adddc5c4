#!/usr/bin/env bash
# Runs every test of EmbeddingLab from a fresh clone: installs what the tests need, builds, tests.
# - Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium; no browser download), python3-numpy.
# - npm packages (the @stdlib data sets, e.g. the English stop words) are restored by the build (npm ci).
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use: chromium (browser tests), python3-numpy (checks that numpy reads our .npy files),
# python3-gensim (Phrases parity; word2vec2tensor files for the format tests), python3-scipy (the CKA/Procrustes
# reference of the comparison tests).
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c "import numpy" 2>/dev/null || need+=(python3 python3-numpy)
/usr/bin/python3 -c "import gensim" 2>/dev/null || need+=(python3-gensim)
/usr/bin/python3 -c "import scipy" 2>/dev/null || need+=(python3-scipy)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages for the tests: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

dotnet build EmbeddingLab.sln -c Debug -nologo -clp:ErrorsOnly
log=$(mktemp)
set +e
dotnet test EmbeddingLab.sln -c Debug --no-build --nologo 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
set -e
# One plain closing line for CI: "tests: N passed, N failed, N skipped".
awk '/(Passed|Failed)! +- +Failed:/ { gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$code"
