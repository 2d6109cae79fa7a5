#!/usr/bin/env python3
"""Score a JSONL corpus with `mizan score` as the map stage of an Apache Spark job.

    spark-submit --master local[2] scripts/spark_score.py corpus.jsonl rows/
    cat rows/part-* > rows.csv
    mizan report --features rows.csv --out reports/cluster

What runs where
  driver     this script: it reads the arguments, ships the mizan binary and the
             lexicon folder to the executors (SparkContext.addFile), counts the
             lines of each input split (one extra read of the input, in the JVM
             only, so that a warning about a bad line can name its file and line),
             starts the scoring job, and logs a summary of the rows and warnings.
  executors  one task per input split: the task starts the shipped binary as
             `mizan score --corpus - --allow-empty --format csv --lexicons <shipped folder>`,
             writes the split's lines to its standard input (raw bytes, so
             Windows-1256 or invalid UTF-8 reach mizan exactly as in the file),
             and streams the rows it prints into the output part file. This is
             RDD.pipe done by hand, because the binary's path must be looked up
             with SparkFiles.get on the executor, not on the driver.

Input: one JSONL document a line ({"id":..., "text":..., optional title, outlet,
date, url}), a file, a folder or a glob, on any Hadoop-compatible file system
(file://, hdfs://, s3a://, ...). Output: a folder of part files (`part-00000`,
...) holding the feature rows; part-00000 starts with the CSV header and the others
have none, so concatenating the parts in name order gives one CSV for
`mizan report --features`.

Nothing is dropped: a line that is not JSON, has no id, or whose text is empty or
cannot be decoded comes back from mizan as a row with a non-empty `warning`
column; its location `standard input:N` (line N of the task's input) is rewritten
to `FILE:LINE` of the input file, as `mizan score --corpus FILE` would write it.
mizan's warnings are also printed, prefixed with the partition, to the task's
standard error (the executor log; the console in local mode), and the driver logs
their count and the first few. If mizan exits non-zero, the task fails with its
exit code and the end of its standard error, and Spark reports that in the
driver's log (after retrying the task spark.task.maxFailures times).

Checks that need the whole corpus (a duplicate id or duplicate text in two
different splits) cannot be made by one task: see docs/cluster.md.
"""

import argparse
import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
import threading
from urllib.parse import unquote, urlparse

from pyspark import AccumulatorParam, SparkFiles, TaskContext
from pyspark.sql import SparkSession
from pyspark.sql.functions import col

LOCATION = re.compile(r"standard input:(\d+)")
SAMPLES = 20  # warnings the driver prints


class Tally(AccumulatorParam):
    """Adds dicts of counters and keeps the first SAMPLES warning messages."""

    def zero(self, value):
        return {}

    def addInPlace(self, a, b):
        for key, value in b.items():
            if key == "samples":
                a["samples"] = (a.get("samples", []) + value)[:SAMPLES]
            else:
                a[key] = a.get(key, 0) + value
        return a


def local_path(uri):
    """file:/data/x.jsonl -> /data/x.jsonl (as mizan names a local file); other URIs as they are."""
    return unquote(urlparse(uri).path) if uri.startswith("file:") else uri


def score_partitions(binary, lexicons, fmt, lines_before, tally):
    """The function each task runs on its split: rows in, feature rows out."""

    def run(index, rows):
        before = lines_before.value
        exe = SparkFiles.get(binary)
        if not os.access(exe, os.X_OK):
            os.chmod(exe, os.stat(exe).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        cpus = TaskContext.get().cpus() if TaskContext.get() else 1
        env = dict(os.environ, RAYON_NUM_THREADS=str(cpus))
        cmd = [exe, "score", "--corpus", "-", "--allow-empty", "--format", fmt, "--lexicons", SparkFiles.get(lexicons)]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)

        # Where each input block starts in the task's stdin, to name FILE:LINE later:
        # (first stdin line of the block, file, lines of that file before the block).
        blocks = []
        feed_error = []

        def locate(n):
            first, path, prior = next(b for b in reversed(blocks) if b[0] <= n)
            return f"{path}:{prior + n - first + 1}"

        def feed():
            try:
                n, current = 0, None
                for row in rows:
                    n += 1
                    if (row.file, row.start) != current:
                        current = (row.file, row.start)
                        blocks.append((n, local_path(row.file), before[current]))
                    proc.stdin.write(bytes(row.line) + b"\n")
            except BrokenPipeError:
                pass  # mizan stopped reading: its exit code and stderr tell why
            except BaseException as e:  # reading the input failed: fail the task with it
                feed_error.append(e)
            finally:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass

        stderr_tail = []

        def drain():  # mizan's stderr, located, into this task's stderr (the executor log)
            for raw in proc.stderr:
                line = LOCATION.sub(lambda m: locate(int(m.group(1))), raw.decode("utf-8", "replace").rstrip("\n"))
                print(f"mizan[partition {index}]: {line}", file=sys.stderr, flush=True)
                stderr_tail[:] = (stderr_tail + [line])[-20:]

        threads = [threading.Thread(target=feed, daemon=True), threading.Thread(target=drain, daemon=True)]
        for t in threads:
            t.start()
        # Where the id and warning are in a row: keys of a JSON object, or CSV columns.
        at = {"id": "id", "warning": "warning"} if fmt == "jsonl" else None
        rows_out, warnings, samples = 0, 0, []
        try:
            for record in records(proc.stdout, fmt):
                if at is None:  # the CSV header, which every mizan prints: keep partition 0's only
                    header = next(csv.reader([record]))
                    at = {"id": header.index("id"), "warning": header.index("warning")}
                    if index == 0:
                        yield record
                    continue
                row = next(csv.reader([record])) if fmt == "csv" else json.loads(record)
                warning = row[at["warning"]]
                if warning:
                    if "standard input:" in warning:
                        row[at["warning"]] = warning = LOCATION.sub(lambda m: locate(int(m.group(1))), warning)
                        record = serialise(row, fmt)
                    warnings += 1
                    if len(samples) < SAMPLES:
                        samples.append(f"{row[at['id']]}: {warning}" if row[at["id"]] else warning)
                rows_out += 1
                yield record
        except BaseException:  # the task is failing or was stopped: do not leave mizan behind
            proc.kill()
            raise
        for t in threads:
            t.join()
        code = proc.wait()
        if feed_error:
            raise feed_error[0]
        if code != 0:
            raise RuntimeError(
                f"mizan exited with code {code} on partition {index} ({' '.join(cmd)}); its standard error ends with:\n"
                + "\n".join(stderr_tail)
            )
        tally.add({"partitions": 1, "rows": rows_out, "warnings": warnings, "samples": samples})

    return run


def records(stream, fmt):
    """mizan's output, one row at a time (a quoted CSV field may hold a newline)."""
    pending = ""
    for raw in stream:
        pending += raw.decode("utf-8")
        if fmt == "csv" and pending.count('"') % 2:
            continue  # inside a quoted field: the row goes on on the next line
        yield pending.rstrip("\n")
        pending = ""
    if pending:
        yield pending


def serialise(row, fmt):
    if fmt == "jsonl":
        return json.dumps(row, ensure_ascii=False, separators=(",", ":"))
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    return out.getvalue()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="JSONL corpus: a file, folder or glob, local or any Hadoop URI")
    ap.add_argument("output", help="folder to create for the row part files (must not exist)")
    ap.add_argument("--binary", default="target/release/mizan", help="the mizan binary to ship (built for the executors' OS)")
    ap.add_argument("--lexicons", default="lexicons", help="the lexicon folder to ship")
    ap.add_argument("--format", choices=["csv", "jsonl"], default="csv", help="row format (default csv)")
    args = ap.parse_args()

    spark = SparkSession.builder.appName("mizan score").getOrCreate()
    sc = spark.sparkContext
    sc.addFile(args.binary)
    sc.addFile(args.lexicons, recursive=True)
    binary = os.path.basename(args.binary.rstrip("/"))
    lexicons = os.path.basename(args.lexicons.rstrip("/"))

    # lineSep "\n" splits lines exactly as mizan does; cast to binary keeps the raw bytes.
    lines = (
        spark.read.option("lineSep", "\n")
        .text(args.input)
        .select(
            col("value").cast("binary").alias("line"),
            col("_metadata.file_path").alias("file"),
            col("_metadata.file_block_start").alias("start"),
        )
    )
    # Pass 1: lines per (file, split), so a task knows the file line of its first line.
    per_block = sorted((r.file, r.start, r["count"]) for r in lines.groupBy("file", "start").count().collect())
    lines_before, seen = {}, {}
    for file, start, count in per_block:
        lines_before[(file, start)] = seen.get(file, 0)
        seen[file] = seen.get(file, 0) + count
    print(f"mizan-spark: {sum(seen.values())} lines in {len(seen)} file(s), {lines.rdd.getNumPartitions()} partition(s)", file=sys.stderr)

    # Pass 2: score every partition and write the rows.
    tally = sc.accumulator({}, Tally())
    run = score_partitions(binary, lexicons, args.format, sc.broadcast(lines_before), tally)
    lines.rdd.mapPartitionsWithIndex(run).saveAsTextFile(args.output)

    t = tally.value
    print(
        f"mizan-spark: {t.get('rows', 0)} row(s) written to {args.output} by {t.get('partitions', 0)} task(s); "
        f"{t.get('warnings', 0)} warning row(s) (a non-empty warning column; mizan's stderr is in the executor logs)",
        file=sys.stderr,
    )
    for sample in t.get("samples", []):
        print(f"mizan-spark:   {sample}", file=sys.stderr)
    print(f"mizan-spark: merge the parts in name order (cat {args.output}/part-* or hdfs dfs -getmerge), "
          "then run mizan report --features on the result", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()
