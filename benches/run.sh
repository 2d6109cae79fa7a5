#!/usr/bin/env bash
# benches/run.sh — throughput and peak-memory benchmark of `mizan score` and `mizan report`
# (issue 6, item 5). A documented script, not a timed test: nothing here fails on speed.
#
# Usage (from anywhere; the script works from the repository root):
#
#     benches/run.sh                 # score, report and profile (below)
#     benches/run.sh score           # the 512 MiB score and report runs, rg and Python baselines
#     benches/run.sh report          # the 1,000,000-document score and report runs
#     benches/run.sh profile         # perf profile of `score` on a 32 MiB slice
#     benches/run.sh profile-report  # perf profile of `report` on 5,000 small documents
#     benches/run.sh score profile   # steps combine
#
# What it does:
#   1. `cargo build --release`, then copies target/release/mizan into the cache dir, so that
#      a rebuild by someone else in the shared target/ cannot swap the binary mid-run.
#   2. Generates, once, into the cache dir (outside the repository):
#        corpus-<key>.jsonl  at least SIZE_MB MiB (default 512) of news-length documents
#                            (200-1500 words) from scripts/gen_corpus.py (deterministic,
#                            fixed seed; <key> hashes the generator, the seeds and the
#                            arguments, so a changed generator makes a new file);
#        small-<key>.jsonl   SMALL_DOCS (default 1,000,000) short documents (20-120 words).
#      Each gets a .sha256 file next to it; the generator prints the same digest.
#   3. Reads each file once (cat > /dev/null) so that every timed run sees a warm page
#      cache, then times with /usr/bin/time -v (wall clock, user+sys CPU, peak RSS):
#        mizan score --corpus CORPUS --out /dev/null                  (CSV rows)
#        mizan score --corpus CORPUS --out /dev/null --format jsonl   (JSONL rows)
#        mizan report --corpus CORPUS --out DIR   (the report on news-length documents)
#        rg -j1 -c -F -f terms.txt CORPUS   (raw literal baseline: the lexicon's terms,
#                                            frames + actors + cues, with the = and *
#                                            markers stripped, as fixed strings, no
#                                            normalisation, one thread). -c counts
#                                            matching lines, and a document is one line,
#                                            so rg may stop at a document's first match;
#        rg -j1 --count-matches -F -f terms.txt CORPUS   finds every match, the fairer
#                                            comparison with mizan, which must.
#        mizan score and benches/python_baseline.py (the hand-rolled Python dictionary
#                            count researchers use today, all cores) on the first
#                            BASELINE_MB MiB, and the ratio of their wall times;
#        mizan score on the 1M small documents (documents/s)
#        mizan report --corpus SMALL --out DIR   (stopped after REPORT_TIMEOUT seconds,
#                                                 default 900, or when its resident memory
#                                                 passes REPORT_MAX_RSS_MB, default 12000)
#      and prints MB/s (10^6 bytes of input per wall-clock second), documents/s, CPU
#      seconds and peak RSS. MB/s per CPU-second is printed too, because this machine is
#      shared: when other jobs hold the cores, wall-clock numbers fall and CPU numbers
#      mostly do not. `uptime` is printed before each run for the same reason.
#   4. profile: `perf record -e cpu-clock --call-graph dwarf` (the hardware counters are
#      not available in this VM; the software clock works; DWARF unwinding because the
#      release build has no frame pointers) on the first PROFILE_MB MiB (default 32) of
#      the corpus, then the top functions by self time and by inclusive time. Falls back
#      to valgrind --tool=callgrind on a 4 MiB slice when perf cannot record.
#      profile-report (not in the default set): the same for `mizan report` on the first
#      PROFILE_REPORT_DOCS small documents, to find what grows faster than linearly.
#
# Results go to stdout and to $CACHE/results-<UTC time>.txt.
#
# Environment:
#   MIZAN_BENCH_CACHE  cache dir (default ${XDG_CACHE_HOME:-$HOME/.cache}/mizan-bench)
#   SIZE_MB            size of the big corpus in MiB (default 512)
#   SMALL_DOCS         documents in the small corpus (default 1000000)
#   REPORT_TIMEOUT     seconds before the report run is stopped (default 900)
#   REPORT_MAX_RSS_MB  resident memory at which the report run is stopped (default 12000)
#   PROFILE_MB         MiB of the big corpus to profile (default 32)
#   BASELINE_MB        MiB of the big corpus for the Python baseline (default 32)
#   PROFILE_REPORT_DOCS  small documents for the profile-report step (default 5000)
#   REPORT_ALSO        e.g. "10000 100000": also time `report` on the first N small documents
#   BENCH_CSV=1        also time `score` on the same corpus converted to one .csv file
#   GEN_JOBS           worker processes for the generator (default: all cores)
#   MIZAN_BIN          time this binary instead of building target/release/mizan
#
# Needs: cargo, python3 (standard library only), /usr/bin/time (Debian: apt-get install -y
# time), rg (apt-get install -y ripgrep), perf or valgrind for the profile.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CACHE=${MIZAN_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mizan-bench}
SIZE_MB=${SIZE_MB:-512}
SMALL_DOCS=${SMALL_DOCS:-1000000}
REPORT_TIMEOUT=${REPORT_TIMEOUT:-900}
REPORT_MAX_RSS_MB=${REPORT_MAX_RSS_MB:-12000}
PROFILE_MB=${PROFILE_MB:-32}
BASELINE_MB=${BASELINE_MB:-32}
PROFILE_REPORT_DOCS=${PROFILE_REPORT_DOCS:-5000}
GEN_JOBS=${GEN_JOBS:-$(nproc)}
LEX="$ROOT/lexicons"
mkdir -p "$CACHE"
RESULTS="$CACHE/results-$(date -u +%Y%m%dT%H%M%SZ).txt"

STEPS=("$@")
[ ${#STEPS[@]} -eq 0 ] && STEPS=(score report profile)
want() { local s; for s in "${STEPS[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

say() { echo "$*" | tee -a "$RESULTS"; }

need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    echo "benches/run.sh: $1 is missing; $2" >&2
    exit 1
}
[ -x /usr/bin/time ] || { echo "benches/run.sh: /usr/bin/time is missing; apt-get install -y time" >&2; exit 1; }
need python3 "install Python 3"
need cargo "install Rust"

say "# mizan benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname)"
say "# cpu: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
say "# memory: $(free -m | awk '/Mem:/ {print $2 " MiB"}')"

# ---- 1. build --------------------------------------------------------------------------
BIN="$CACHE/mizan"
if [ -n "${MIZAN_BIN:-}" ]; then
    [ "$MIZAN_BIN" -ef "$BIN" ] || { cp -f "$MIZAN_BIN" "$BIN.tmp" && mv -f "$BIN.tmp" "$BIN"; }
else
    cargo build --release --quiet
    cp -f target/release/mizan "$BIN.tmp" && mv -f "$BIN.tmp" "$BIN"
fi
say "# binary: $("$BIN" --version) ($(sha256sum "$BIN" | cut -c1-12))"

# ---- 2. corpora ------------------------------------------------------------------------
corpus_key() {
    { sha256sum scripts/gen_corpus.py seeds/*.txt | cut -d' ' -f1; echo "$*"; } | sha256sum | cut -c1-12
}
generate() { # generate OUT ARGS...: build OUT with gen_corpus.py unless it is there
    local out=$1; shift
    if [ -s "$out" ] && [ -s "$out.sha256" ]; then
        say "# corpus $out (cached, sha256 $(cut -c1-16 "$out.sha256"))"
        return
    fi
    echo "generating $out ..." >&2
    python3 scripts/gen_corpus.py --out "$out" --jobs "$GEN_JOBS" "$@" | awk '{print $2}' > "$out.sha256"
    say "# corpus $out (generated, sha256 $(cut -c1-16 "$out.sha256"))"
}

BIG_ARGS=(--size-mb "$SIZE_MB")
BIG="$CACHE/corpus-$(corpus_key "${BIG_ARGS[@]}").jsonl"
SMALL_ARGS=(--docs "$SMALL_DOCS" --min-words 20 --max-words 120 --median-words 50 --sigma 0.5)
SMALL="$CACHE/small-$(corpus_key "${SMALL_ARGS[@]}").jsonl"
if want score || want profile; then generate "$BIG" "${BIG_ARGS[@]}"; fi
if want report || want profile-report; then generate "$SMALL" "${SMALL_ARGS[@]}"; fi

# ---- 3. timed runs ---------------------------------------------------------------------
# timed LABEL FILE CMD...: run CMD under /usr/bin/time -v, print one result line. While it
# runs, its resident memory is sampled every 2 s into $CACHE/rss-<label>.txt; with
# LIMIT_S / LIMIT_MB set, the command (and only it, by process id) is stopped past them.
timed() {
    local label=$1 file=$2; shift 2
    local bytes docs tv rc=0 tpid pid rss el start samples slug stopped=""
    bytes=$(stat -L -c %s "$file")
    docs=${DOCS:-$(wc -l < "$file")}
    tv=$(mktemp)
    slug=$(echo "$label" | tr -c 'a-zA-Z0-9\n' '-')
    samples="$CACHE/rss-$slug.txt"
    : > "$samples"
    say "## $label"
    say "\$ $*"
    say "# load: $(uptime | sed 's/.*load average/load average/')"
    /usr/bin/time -v -o "$tv" "$@" > "$CACHE/last.stdout" 2> "$CACHE/last.stderr" &
    tpid=$!
    start=$(date +%s)
    sleep 0.2
    pid=$(pgrep -P "$tpid" | head -1 || true)
    while kill -0 "$tpid" 2>/dev/null; do
        el=$(( $(date +%s) - start ))
        rss=0
        [ -n "$pid" ] && rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status" 2>/dev/null || echo 0)
        echo "$el $rss" >> "$samples"
        if [ -n "$pid" ] && [ -z "$stopped" ] && [ -n "${LIMIT_MB:-}" ] && [ "${rss:-0}" -gt "$LIMIT_MB" ]; then
            say "# STOPPED: resident memory ${rss} MiB > ${LIMIT_MB} MiB after ${el} s"
            kill "$pid" 2>/dev/null || true
            stopped=1
        fi
        if [ -n "$pid" ] && [ -z "$stopped" ] && [ -n "${LIMIT_S:-}" ] && [ "$el" -gt "$LIMIT_S" ]; then
            say "# STOPPED: still running after ${LIMIT_S} s (resident ${rss} MiB)"
            kill "$pid" 2>/dev/null || true
            stopped=1
        fi
        sleep 2
    done
    wait "$tpid" || rc=$?
    grep -v '^\s*$' "$CACHE/last.stderr" | grep -v 'Command terminated\|Command exited' | tail -n 3 | sed 's/^/# stderr: /' | tee -a "$RESULTS" || true
    [ "$rc" -eq 0 ] || say "# exit status $rc"
    awk -v bytes="$bytes" -v docs="$docs" -v label="$label" -v stopped="$stopped" -v wallfile="$CACHE/last.wall" '
        /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); wall = (n == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
        /User time/             { user = $NF }
        /System time/           { sys = $NF }
        /Maximum resident/      { rss = $NF }
        END {
            print wall > wallfile
            cpu = user + sys
            if (stopped != "") {
                printf "%-22s %7.1f MB %8d docs: STOPPED after %7.2f s wall, %7.2f s CPU, peak RSS %7.1f MiB (did not finish)\n",
                    label, bytes / 1e6, docs, wall, cpu, rss / 1024
                exit
            }
            printf "%-22s %7.1f MB %8d docs in %7.2f s wall, %7.2f s CPU: %6.1f MB/s, %8.0f docs/s, %5.1f MB/s per CPU-s, peak RSS %7.1f MiB\n",
                label, bytes / 1e6, docs, wall, cpu, bytes / 1e6 / wall, docs / wall, bytes / 1e6 / cpu, rss / 1024
        }' "$tv" | tee -a "$RESULTS"
    say "# resident MiB over the run (20 evenly spaced samples of one every ~2 s): $(awk '{r[NR] = $2} END {if (NR == 0) exit; for (k = 1; k <= 20; k++) {i = int((k - 1) * (NR - 1) / 19) + 1; if (i != last) printf "%s ", r[i]; last = i}}' "$samples")"
    rm -f "$tv"
    return 0
}

warm() { cat "$1" > /dev/null; }

lexicon_terms() { # every term, actor name and cue, markers stripped, one a line
    python3 - "$LEX" <<'PY'
import csv, os, sys
lex = sys.argv[1]
def rows(name):
    with open(os.path.join(lex, name), encoding="utf-8-sig", newline="") as f:
        lines = [l for l in f if not l.startswith("#")]
    return list(csv.DictReader(lines))
terms = []
for frame in rows("frames.csv"):
    terms += [r["term"] for r in rows(frame["frame"] + ".csv")]
terms += [r["name"] for r in rows("actors.csv")]
terms += [r["cue"] for r in rows("cues.csv")]
seen = set()
for t in terms:
    t = " ".join(w.lstrip("=").rstrip("*") for w in t.split())
    if t and t not in seen:
        seen.add(t)
        print(t)
PY
}

if want score; then
    need rg "apt-get install -y ripgrep"
    TERMS="$CACHE/terms.txt"
    lexicon_terms > "$TERMS"
    say "# rg baseline: $(wc -l < "$TERMS") fixed strings from $LEX, $(rg --version 2>/dev/null | head -1)"
    warm "$BIG"
    timed "score, csv rows" "$BIG" "$BIN" score --lexicons "$LEX" --corpus "$BIG" --out /dev/null
    timed "score, jsonl rows" "$BIG" "$BIN" score --lexicons "$LEX" --corpus "$BIG" --out /dev/null --format jsonl
    # A report on news-length documents: some fifteen matches and eight frames an article,
    # where the small documents have one or two.
    rm -rf "$CACHE"/.mizan-report-* "$CACHE/report-news"
    LIMIT_S=$REPORT_TIMEOUT LIMIT_MB=$REPORT_MAX_RSS_MB \
        timed "report, news-length" "$BIG" "$BIN" report --lexicons "$LEX" --corpus "$BIG" --out "$CACHE/report-news"
    timed "rg -j1 -c -F" "$BIG" rg -j1 -c -F -f "$TERMS" "$BIG"
    say "# rg -c: $(cat "$CACHE/last.stdout") lines (documents) with at least one term"
    timed "rg -j1 --count-matches" "$BIG" rg -j1 --count-matches -F -f "$TERMS" "$BIG"
    say "# rg --count-matches: $(cat "$CACHE/last.stdout") matches"
    # The Python pipeline researchers write today (benches/python_baseline.py: a
    # dictionary count with normalisation and clitics, all cores), against mizan on the
    # same slice, so that the ratio is measured in one run on the same machine.
    SLICE_PY="$CACHE/slice-${BASELINE_MB}.jsonl"
    head -c $((BASELINE_MB * 1024 * 1024)) "$BIG" | sed '$d' > "$SLICE_PY"
    warm "$SLICE_PY"
    timed "score, $BASELINE_MB MiB slice" "$SLICE_PY" "$BIN" score --lexicons "$LEX" --corpus "$SLICE_PY" --out /dev/null
    mizan_wall=$(cat "$CACHE/last.wall")
    timed "python baseline" "$SLICE_PY" python3 benches/python_baseline.py --lexicons "$LEX" --jobs "$(nproc)" --out /dev/null "$SLICE_PY"
    say "# mizan score is $(awk -v m="$mizan_wall" -v p="$(cat "$CACHE/last.wall")" 'BEGIN { printf "%.1f", p / m }')x as fast as the Python baseline on the same $BASELINE_MB MiB"
    if [ "${BENCH_CSV:-0}" = 1 ]; then
        BIGCSV="${BIG%.jsonl}.csv"
        if [ ! -s "$BIGCSV" ]; then
            python3 -c '
import csv, json, sys
w = csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""))
w.writerow(["id", "outlet", "date", "text"])
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    w.writerow([d["id"], d["outlet"], d["date"], d["text"]])
' "$BIG" "$BIGCSV"
        fi
        warm "$BIGCSV"
        DOCS=$(wc -l < "$BIG") timed "score, .csv input" "$BIGCSV" "$BIN" score --lexicons "$LEX" --corpus "$BIGCSV" --out /dev/null
    fi
fi

if want report; then
    warm "$SMALL"
    timed "score, $SMALL_DOCS small" "$SMALL" "$BIN" score --lexicons "$LEX" --corpus "$SMALL" --out /dev/null
    # A report run that is stopped leaves its staging folder (.mizan-report-*) behind.
    rm -rf "$CACHE"/.mizan-report-*
    for n in ${REPORT_ALSO:-}; do
        head -n "$n" "$SMALL" > "$CACHE/small-head-$n.jsonl"
        rm -rf "$CACHE/report-$n"
        LIMIT_S=$REPORT_TIMEOUT LIMIT_MB=$REPORT_MAX_RSS_MB \
            timed "report, first $n small" "$CACHE/small-head-$n.jsonl" "$BIN" report --lexicons "$LEX" --corpus "$CACHE/small-head-$n.jsonl" --out "$CACHE/report-$n"
    done
    OUTDIR="$CACHE/report-1m"
    rm -rf "$OUTDIR"
    LIMIT_S=$REPORT_TIMEOUT LIMIT_MB=$REPORT_MAX_RSS_MB \
        timed "report, $SMALL_DOCS small" "$SMALL" "$BIN" report --lexicons "$LEX" --corpus "$SMALL" --out "$OUTDIR"
    [ -d "$OUTDIR" ] && say "# report folder: $(ls "$OUTDIR" | tr '\n' ' ')"
fi

# ---- 4. profile ------------------------------------------------------------------------
PLUMBING='rayon|catch_unwind|do_call|call_once|thread|clone3|__rust_begin|closure|FnOnce|main_loop|wait_until|execute|run \(inl|halt_unw|run_inline|helper<|consume_iter|\] next<|\] map<|\] call<|_start|main \(|lang_start|\] main$'

# profiled NAME CMD...: perf record CMD (DWARF call graphs), print self and inclusive tops.
profiled() {
    local name=$1; shift
    local pd="$CACHE/perf-$name.data"
    say "\$ perf record -e cpu-clock -F 250 --call-graph dwarf,16384 -o $pd $*"
    perf record -e cpu-clock -F 250 --call-graph dwarf,16384 -o "$pd" "$@" >/dev/null 2>&1 || true
    say "# top functions by self time (share of all samples, all threads):"
    perf report -i "$pd" --no-children --sort symbol --stdio -g none 2>/dev/null \
        | grep -E '^ +[0-9.]+%' | head -25 | sed -E 's/ +$//; s/^/# /' | cut -c1-160 | tee -a "$RESULTS" || true
    say "# inclusive time (self + callees; rayon/std plumbing left out, inlined frames kept):"
    perf report -i "$pd" --children --sort symbol --stdio -g none 2>/dev/null \
        | grep -E '^ +[0-9.]+% +[0-9.]+%' | grep -vE "$PLUMBING" \
        | head -45 | sed -E 's/ +$//; s/^/# /' | cut -c1-160 | tee -a "$RESULTS" || true
}

can_perf() { command -v perf >/dev/null && perf record -e cpu-clock -o /dev/null true >/dev/null 2>&1; }

if want profile; then
    SLICE="$CACHE/slice-${PROFILE_MB}.jsonl"
    head -c $((PROFILE_MB * 1024 * 1024)) "$BIG" | sed '$d' > "$SLICE"
    say "## profile: score on $(du -m "$SLICE" | cut -f1) MiB ($(wc -l < "$SLICE") documents)"
    if can_perf; then
        profiled score "$BIN" score --lexicons "$LEX" --corpus "$SLICE" --out /dev/null
    else
        need valgrind "apt-get install -y valgrind (perf cannot record here)"
        head -c $((4 * 1024 * 1024)) "$BIG" | sed '$d' > "$SLICE"
        CG="$CACHE/callgrind.out"
        say "\$ valgrind --tool=callgrind $BIN score --lexicons $LEX --corpus $SLICE --out /dev/null (4 MiB slice)"
        valgrind --tool=callgrind --callgrind-out-file="$CG" "$BIN" score --lexicons "$LEX" --corpus "$SLICE" --out /dev/null >/dev/null 2>&1 || true
        callgrind_annotate --inclusive=yes "$CG" 2>/dev/null | head -50 | sed 's/^/# /' | tee -a "$RESULTS" || true
    fi
fi

if want profile-report; then
    need perf "apt-get install -y linux-perf"
    can_perf || { echo "benches/run.sh: perf cannot record here" >&2; exit 1; }
    HEAD="$CACHE/small-head-$PROFILE_REPORT_DOCS.jsonl"
    head -n "$PROFILE_REPORT_DOCS" "$SMALL" > "$HEAD"
    say "## profile: report on the first $PROFILE_REPORT_DOCS small documents"
    rm -rf "$CACHE/report-profile"
    profiled report "$BIN" report --lexicons "$LEX" --corpus "$HEAD" --out "$CACHE/report-profile"
fi

say "# results in $RESULTS"
