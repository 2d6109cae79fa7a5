#!/usr/bin/env python3
"""Checks for tests/spark/run.sh; each subcommand exits 0 when its check holds.

    compare.py rows DIRECT SPARK              (two .csv or two .jsonl files)
        The same columns, and for every document id the same rows (its feature row and
        warning rows); rows without an id (lines that are not JSON, or have no id) are
        compared as a multiset. Order may differ: Spark runs one mizan per split.
    compare.py warnings CORPUS_DIR PROBLEMS SPARK.csv
        Every broken line listed in PROBLEMS (from gen_corpus.py --problems) came back
        as a warning row, found by its id or by FILE:LINE, for every kind of problem;
        and every FILE:LINE that a warning names is one of those broken lines.
    compare.py logged DIRECT.csv SPARK_LOG
        The driver's log gives the number of warning rows of the direct run, and
        mizan's standard error (prefixed mizan[partition N]) is in it.
"""

import collections
import csv
import json
import os
import re
import sys


def read_rows(path):
    """(columns, rows) of a CSV file; for .jsonl, the sorted keys and one list of (key, value) a row."""
    with open(path, newline="", encoding="utf-8") as f:
        if path.endswith(".jsonl"):
            objects = [json.loads(line) for line in f]
            keys = sorted({k for o in objects for k in o})
            rows = [keys] + [sorted((k, json.dumps(v)) for k, v in o.items()) for o in objects]
        else:
            rows = list(csv.reader(f))
    if not rows:
        raise SystemExit(f"{path} is empty; expected a CSV header and rows")
    return rows[0], rows[1:]


def field(path, header, row, name):
    if not path.endswith(".jsonl"):
        return row[header.index(name)]
    value = dict(row).get(name)
    return "" if value is None else str(json.loads(value))


def rows(direct_path, spark_path):
    (h1, direct), (h2, spark) = read_rows(direct_path), read_rows(spark_path)
    if h1 != h2:
        print(f"columns differ:\n  direct: {h1}\n  spark:  {h2}")
        return 1
    by_id = [collections.defaultdict(list), collections.defaultdict(list)]
    for table, rows_ in zip(by_id, (direct, spark)):
        for row in rows_:
            table[field(direct_path, h1, row, "id")].append(row)
    ids = sorted(set(by_id[0]) | set(by_id[1]))
    bad = [i for i in ids if sorted(by_id[0].get(i, [])) != sorted(by_id[1].get(i, []))]
    for i in bad[:10]:
        print(f"id {i!r}:\n  direct: {sorted(by_id[0].get(i, []))}\n  spark:  {sorted(by_id[1].get(i, []))}")
    print(f"{len(direct)} direct rows, {len(spark)} Spark rows, {len(ids)} ids, {len(bad)} differ")
    return 1 if bad or len(direct) != len(spark) or len(direct) < 1000 else 0


def warnings(corpus_dir, problems_path, spark_path):
    header, rows_ = read_rows(spark_path)
    corpus_dir = os.path.abspath(corpus_dir)
    warned = [(r[header.index("id")], r[header.index("warning")]) for r in rows_ if r[header.index("warning")]]
    by_id = {i for i, _ in warned if i}
    located = collections.Counter()
    for _, w in warned:
        for path, line in re.findall(r"(/\S+?\.jsonl):(\d+)", w):
            located[(path, int(line))] += 1
    status, found = 0, collections.Counter()
    problems = set()
    with open(problems_path, encoding="utf-8") as f:
        for entry in f:
            name, line, doc_id, kind = entry.rstrip("\n").split("\t")
            where = (os.path.join(corpus_dir, name), int(line))
            problems.add(where)
            if (doc_id and doc_id in by_id) or where in located:
                found[kind] += 1
            else:
                print(f"no warning row for {name}:{line} ({kind}, id {doc_id or 'none'})")
                status = 1
    for kind, n in sorted(found.items()):
        print(f"{n:4d} broken line(s) reported: {kind}")
    wrong = [where for where in located if where not in problems]
    for path, line in wrong[:10]:
        with open(path, "rb") as f:
            text = f.read().split(b"\n")[line - 1][:100]
        print(f"a warning names {path}:{line}, which is not a broken line: {text!r}")
    print(f"{len(located)} line(s) named FILE:LINE by warnings, {len(wrong)} wrongly")
    return 1 if status or wrong or len(found) < 10 or not located else 0


def logged(direct_path, log_path):
    header, rows_ = read_rows(direct_path)
    expected = sum(1 for r in rows_ if field(direct_path, header, r, "warning"))
    with open(log_path, encoding="utf-8", errors="replace") as f:
        log = f.read()
    m = re.search(r"mizan-spark: .* (\d+) warning row\(s\)", log)
    stderr_lines = len(re.findall(r"^mizan\[partition \d+\]: ", log, re.M))
    print(f"{expected} warning rows in the direct run; driver log: {m.group(0) if m else 'no summary'}; "
          f"{stderr_lines} line(s) of mizan's stderr")
    return 0 if m and int(m.group(1)) == expected > 0 and stderr_lines > 0 else 1


if __name__ == "__main__":
    commands = {"rows": (rows, 2), "warnings": (warnings, 3), "logged": (logged, 2)}
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    if name not in commands or len(sys.argv) != 2 + commands[name][1]:
        raise SystemExit(__doc__)
    sys.exit(commands[name][0](*sys.argv[2:]))
