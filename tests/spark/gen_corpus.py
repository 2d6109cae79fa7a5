#!/usr/bin/env python3
"""Writes a deterministic JSONL test corpus for tests/spark/run.sh.

    gen_corpus.py SEEDS_DIR OUT_DIR [--docs 10000] [--problems FILE]

Documents are 2-10 sentences drawn from the seed articles (real Arabic news text),
each with a unique id and a unique text, an outlet, a date and sometimes a title
with commas and quotes. About 2% of the lines are the problems a crawl brings:
invalid JSON, no id, empty or missing text, no Arabic letters, Windows-1256 bytes,
invalid UTF-8, a BOM, CRLF line ends, blank lines. The corpus is split into two
files (a.jsonl with 70% of the lines, b.jsonl with the rest) so that the Spark run
reads several files and splits. --problems writes, for each broken line that mizan
must report, `file<TAB>line<TAB>id<TAB>kind` (id empty when the line has none).
"""

import argparse
import glob
import json
import os
import random
import re

OUTLETS = ["الجزيرة", "العربية", "سكاي نيوز عربية", "TRT عربي", "بوابة الوسط", "218", "الأناضول", "اليوم السابع"]


def sentences(seeds_dir):
    out = []
    for path in sorted(glob.glob(os.path.join(seeds_dir, "*.txt"))):
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
        out += [s.strip() for s in re.split(r"(?<=[.!؟?])\s+|\n+", text) if len(s.strip()) > 20]
    if len(out) < 20:
        raise SystemExit(f"gen_corpus: only {len(out)} sentences in {seeds_dir}/*.txt; expected the seed articles")
    return out


def dump(obj, ascii_only=False):
    return json.dumps(obj, ensure_ascii=ascii_only).encode("utf-8")


# The kinds of problem() that must come back as a warning row (the others are fine).
WARN = {0: "truncated JSON", 1: "not JSON", 2: "no id", 3: "empty text", 4: "null text", 5: "text not a string",
        6: "no Arabic letters", 7: "Windows-1256", 8: "invalid UTF-8", 11: "JSON array"}
NO_ID = {0, 1, 2, 11}


def problem(rng, n, pool):
    """One line (bytes, without its newline) with a problem, and its kind (n % 14)."""
    kind = n % 14
    text = " ".join(rng.sample(pool, 3)) + f" ({n})"
    if kind == 0:
        return dump({"id": f"bad-{n}", "text": text})[:40]  # truncated JSON
    if kind == 1:
        return b"this line is not JSON at all"
    if kind == 2:
        return dump({"text": text})  # no id
    if kind == 3:
        return dump({"id": f"empty-{n}", "text": ""})
    if kind == 4:
        return dump({"id": f"null-{n}", "text": None})
    if kind == 5:
        return dump({"id": f"num-{n}", "text": 42})
    if kind == 6:
        return dump({"id": f"latin-{n}", "text": f"Turkey and Libya, an English text number {n}."})
    if kind == 7:  # a whole line in Windows-1256, as some Arabic sites still serve
        return json.dumps({"id": f"cp1256-{n}", "text": text, "outlet": "الوسط"}, ensure_ascii=False).encode("cp1256")
    if kind == 8:  # invalid UTF-8 bytes inside the text
        return dump({"id": f"bytes-{n}", "text": "@@"}).replace(b"@@", f"({n}) ".encode() + text.encode("utf-8")[:60] + b"\xff\xfe\xc0 ")
    if kind == 9:
        return b"\xef\xbb\xbf" + dump({"id": f"bom-{n}", "text": text})
    if kind == 10:
        return dump({"id": f"crlf-{n}", "text": text}) + b"\r"
    if kind == 11:
        return b"[1, 2, 3]"
    if kind == 12:
        return dump({"id": n, "text": text, "title": None})  # numeric id, null title
    return b"   "  # blank: mizan skips it silently, but it counts as a line


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seeds")
    ap.add_argument("out")
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=20200104)
    ap.add_argument("--problems", help="where to list the broken lines mizan must report")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pool = sentences(args.seeds)
    os.makedirs(args.out, exist_ok=True)
    lines, texts, problems = [], set(), []
    for i in range(args.docs):
        if rng.random() < 0.02:
            lines.append(problem(rng, i, pool))
            kind = i % 14
            if kind in WARN:
                ids = {3: "empty", 4: "null", 5: "num", 6: "latin", 7: "cp1256", 8: "bytes"}
                problems.append((len(lines), "" if kind in NO_ID else f"{ids[kind]}-{i}", WARN[kind]))
            continue
        while True:
            text = " ".join(rng.sample(pool, rng.randint(2, 10)))
            if text not in texts:
                texts.add(text)
                break
        doc = {"id": f"doc-{i:06d}", "text": text, "outlet": rng.choice(OUTLETS)}
        doc["date"] = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.3:
            doc["title"] = f'{text[:30]}, "عاجل"' + ("\nسطر ثان" if rng.random() < 0.1 else "")
        if rng.random() < 0.1:
            doc["url"] = f"https://example.org/{i}"
        lines.append(dump(doc, ascii_only=rng.random() < 0.05))
    cut = int(len(lines) * 0.7)
    for name, part in (("a.jsonl", lines[:cut]), ("b.jsonl", lines[cut:])):
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(b"\n".join(part) + b"\n")
    if args.problems:
        with open(args.problems, "w", encoding="utf-8") as f:
            for line, doc_id, kind in problems:
                name, at = ("a.jsonl", line) if line <= cut else ("b.jsonl", line - cut)
                f.write(f"{name}\t{at}\t{doc_id}\t{kind}\n")


if __name__ == "__main__":
    main()
