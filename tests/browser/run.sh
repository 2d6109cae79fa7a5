#!/usr/bin/env bash
# Browser test of the HTML report (issue 8): headless Chromium opens index.html as a
# reader would, on the seeds (with the hand coding) and on 3,000 generated documents
# (the aggregated charts), and tests/browser/check_page.py checks that every image
# decodes, nothing is logged as an error, nothing is asked of the network, Arabic
# snippets run right to left and every table sorts. Screenshots are kept.
#
#   bash tests/browser/run.sh        # prints "N passed, 0 failed" on success
#
# Installs Debian's chromium if /usr/bin/chromium is missing, and Playwright (only its
# driver: it uses that Chromium, never downloads a browser) into a cached venv.
# Environment: MIZAN_BIN (a binary to test instead of `cargo build --release --locked`),
# MIZAN_BROWSER_VENV (default ${XDG_CACHE_HOME:-$HOME/.cache}/mizan-browser-venv),
# MIZAN_BROWSER_OUT (where reports and screenshots go, default target/browser-test).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PLAYWRIGHT_VERSION=1.65.2
VENV=${MIZAN_BROWSER_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/mizan-browser-venv}
OUT=${MIZAN_BROWSER_OUT:-${CARGO_TARGET_DIR:-$ROOT/target}/browser-test}
say() { echo "browser-test: $*"; }

if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium (once)"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
say "$(/usr/bin/chromium --version 2>/dev/null)"
if ! "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('playwright') != '$PLAYWRIGHT_VERSION')" 2>/dev/null; then
    say "installing playwright $PLAYWRIGHT_VERSION into $VENV (once; later runs reuse it)"
    python3 -m venv --clear "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "playwright==$PLAYWRIGHT_VERSION"
fi

if [ -z "${MIZAN_BIN:-}" ]; then
    cargo build --release --locked --quiet
    MIZAN_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/mizan"
fi
rm -rf "$OUT"
mkdir -p "$OUT"

passed=0 failed=0
page() { # page NAME MIN_IMAGES: checks $OUT/NAME/index.html, screenshot $OUT/NAME.png
    local name=$1 min=$2 out status=0
    out=$("$VENV/bin/python" tests/browser/check_page.py "$OUT/$name" "$OUT/$name.png" --min-images "$min" 2>&1) || status=$?
    printf '%s\n' "$out" | sed "s/^/browser-test: $name: /"
    local ok bad
    ok=$(grep -c '^ok - ' <<<"$out" || true)
    bad=$(grep -c '^FAIL - ' <<<"$out" || true)
    # A checker that died before its checks counts as one failure.
    [ "$status" -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
    passed=$((passed + ok)) failed=$((failed + bad))
}

"$MIZAN_BIN" report --out "$OUT/seeds" --gold seeds/annotations.csv >"$OUT/seeds.log" 2>&1
page seeds "$(ls "$OUT"/seeds/charts/*.png | wc -l)"

python3 scripts/gen_corpus.py --out "$OUT/generated.jsonl" --docs 3000 --max-words 300 --jobs 1 2>"$OUT/generated-corpus.log"
"$MIZAN_BIN" report --corpus "$OUT/generated.jsonl" --out "$OUT/generated" >"$OUT/generated.log" 2>&1
page generated "$(ls "$OUT"/generated/charts/*.png | wc -l)"

say "screenshots: $OUT/seeds.png $OUT/generated.png"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
