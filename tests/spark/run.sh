#!/usr/bin/env bash
# End-to-end test of scripts/spark_score.py in Spark local mode (issue 9).
#
# Installs pyspark from PyPI into a cached virtual environment (and a JRE from Debian
# if java is missing), generates a deterministic corpus of 10,000 JSONL lines with
# some broken ones, scores it with `mizan score` directly and with the Spark driver in
# local[2] mode, and checks that both give the same rows, document by document, and
# the same documents.csv and frames.csv from `mizan report --features`. Then checks
# that a failing mizan (broken lexicons) fails the Spark job with mizan's exit code
# and error in the driver's log.
#
#   bash tests/spark/run.sh          # prints "N passed, 0 failed" on success
#
# Environment: MIZAN_BIN (a mizan binary to test instead of building one with
# `cargo build --release --locked`), MIZAN_PYSPARK_VERSION (default 3.5.9),
# MIZAN_SPARK_VENV (default ${XDG_CACHE_HOME:-$HOME/.cache}/mizan-spark-venv),
# MIZAN_SPARK_DOCS (default 10000), MIZAN_SPARK_KEEP=1 to keep the work folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PYSPARK_VERSION=${MIZAN_PYSPARK_VERSION:-3.5.9}
VENV=${MIZAN_SPARK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/mizan-spark-venv}
DOCS=${MIZAN_SPARK_DOCS:-10000}
START=$SECONDS
say() { echo "spark-test: $*"; }

# --- Java ----------------------------------------------------------------------
if ! java -version >/dev/null 2>&1; then
    say "no java found: installing a JRE from Debian's packages"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
fi
say "$(java -version 2>&1 | head -1)"

# --- pyspark in a cached venv ----------------------------------------------------
if ! "$VENV/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
    say "installing pyspark $PYSPARK_VERSION into $VENV (once; later runs reuse it)"
    python3 -m venv --clear "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
fi
export PYSPARK_PYTHON="$VENV/bin/python" PYSPARK_DRIVER_PYTHON="$VENV/bin/python"
export SPARK_LOCAL_IP=127.0.0.1
unset SPARK_HOME  # use the pip-installed Spark, not a system one

# --- the binary and lexicons under test (copied: others may rebuild meanwhile) ---
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mizan-spark-test.XXXXXX")
[ "${MIZAN_SPARK_KEEP:-0}" = 1 ] && say "work folder kept: $WORK" || trap 'rm -rf "$WORK"' EXIT
if [ -z "${MIZAN_BIN:-}" ]; then
    t=$SECONDS
    cargo build --release --locked --quiet
    MIZAN_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/mizan"
    say "cargo build --release: $((SECONDS - t)) s"
fi
mkdir -p "$WORK/ship"
cp "$MIZAN_BIN" "$WORK/ship/mizan"
cp -r "$ROOT/lexicons" "$WORK/ship/lexicons"
MIZAN="$WORK/ship/mizan"
LEX="$WORK/ship/lexicons"

passed=0 failed=0
check() { # check DESCRIPTION COMMAND...: runs COMMAND, counts and reports the outcome
    local what=$1; shift
    if out=$("$@" 2>&1); then
        passed=$((passed + 1)); say "ok - $what"
    else
        failed=$((failed + 1)); say "FAIL - $what"; printf '%s\n' "$out" | tail -40 | sed 's/^/    /'
    fi
}
spark() { # spark LOG ARGS...: the driver in local[2] mode; its log goes to LOG
    local log=$1; shift
    "$VENV/bin/spark-submit" --master 'local[2]' \
        --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 \
        --conf spark.local.dir="$WORK/spark-tmp" \
        --conf spark.sql.files.maxPartitionBytes=4m \
        "$ROOT/scripts/spark_score.py" "$@" >"$log" 2>&1
}

# --- corpus and the direct run ---------------------------------------------------
python3 tests/spark/gen_corpus.py seeds "$WORK/corpus" --docs "$DOCS" --problems "$WORK/problems.tsv"
say "corpus: $(cat "$WORK"/corpus/*.jsonl | wc -l) lines, $(du -sh "$WORK/corpus" | cut -f1) in a.jsonl and b.jsonl"
t=$SECONDS
{
    "$MIZAN" score --corpus "$WORK/corpus/a.jsonl" --lexicons "$LEX" --format csv 2>"$WORK/direct-a.err"
    "$MIZAN" score --corpus "$WORK/corpus/b.jsonl" --lexicons "$LEX" --format csv 2>"$WORK/direct-b.err" | tail -n +2
} >"$WORK/direct.csv"
say "direct mizan score: $((SECONDS - t)) s"

# --- the Spark run -----------------------------------------------------------------
t=$SECONDS
status=0
spark "$WORK/spark.log" "$WORK/corpus" "$WORK/out" --binary "$MIZAN" --lexicons "$LEX" || status=$?
say "Spark local[2] run: $((SECONDS - t)) s (log: $WORK/spark.log)"
check "the Spark job succeeds although the corpus has broken lines (exit $status)" test "$status" -eq 0
cat "$WORK"/out/part-* >"$WORK/spark.csv" 2>/dev/null || : >"$WORK/spark.csv"

several_partitions() {
    grep -E 'mizan-spark: [0-9]+ lines in 2 file\(s\), [0-9]+ partition\(s\)' "$WORK/spark.log" |
        awk '{ print } $(NF-1) < 4 { exit 1 }'
}
check "the corpus was read in several splits (so tasks start mid-file)" several_partitions
check "Spark rows equal direct rows, document by document" \
    python3 tests/spark/compare.py rows "$WORK/direct.csv" "$WORK/spark.csv"
check "every broken line is a warning row, found by id or FILE:LINE" \
    python3 tests/spark/compare.py warnings "$WORK/corpus" "$WORK/problems.tsv" "$WORK/spark.csv"
check "the driver's log has the warning count and mizan's stderr" \
    python3 tests/spark/compare.py logged "$WORK/direct.csv" "$WORK/spark.log"

t=$SECONDS
for run in direct spark; do  # both at once: 2 cores
    "$MIZAN" report --features "$WORK/$run.csv" --lexicons "$LEX" --out "$WORK/report-$run" >"$WORK/report-$run.log" 2>&1 &
done
wait || true
say "two mizan report --features: $((SECONDS - t)) s"
for f in documents.csv frames.csv; do
    check "mizan report --features gives the same $f from both" \
        bash -c "test -s '$WORK/report-direct/$f' && cmp '$WORK/report-direct/$f' '$WORK/report-spark/$f' || { tail -3 '$WORK'/report-*.log; exit 1; }"
done

# --- JSONL rows ----------------------------------------------------------------------
spark "$WORK/spark-jsonl.log" "$WORK/corpus/b.jsonl" "$WORK/out-jsonl" --format jsonl --binary "$MIZAN" --lexicons "$LEX" || true
"$MIZAN" score --corpus "$WORK/corpus/b.jsonl" --lexicons "$LEX" --format jsonl >"$WORK/direct-b.jsonl" 2>/dev/null
cat "$WORK"/out-jsonl/part-* >"$WORK/spark-b.jsonl" 2>/dev/null || : >"$WORK/spark-b.jsonl"
check "with --format jsonl too, Spark rows equal direct rows" \
    python3 tests/spark/compare.py rows "$WORK/direct-b.jsonl" "$WORK/spark-b.jsonl"

# --- a failing mizan fails the job, and says why in the driver's log ---------------
cp -r "$LEX" "$WORK/broken-lexicons"
printf 'not,a,valid\n' >"$WORK/broken-lexicons/frames.csv"
status=0
spark "$WORK/spark-broken.log" "$WORK/corpus/b.jsonl" "$WORK/out-broken" \
    --binary "$MIZAN" --lexicons "$WORK/broken-lexicons" || status=$?
check "a mizan that exits non-zero fails the Spark job (exit $status)" test "$status" -ne 0
check "the driver's log has mizan's exit code and error" bash -c \
    "grep -q 'mizan exited with code [1-9]' '$WORK/spark-broken.log' && grep -q 'frames.csv' '$WORK/spark-broken.log'"

say "$((SECONDS - START)) s in all"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
