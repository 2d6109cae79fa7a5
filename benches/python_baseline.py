"""The Python pipeline researchers write today, as a benchmark baseline for `mizan score`.

A dictionary count in the quanteda / LIWC style, done the way a careful hand-rolled
script does it: normalise Arabic (strip diacritics and tatweel, unify alef, alef maqsura
and teh marbuta), split into words, peel the common proclitics (wa-, fa-, bi-, ka-, li-,
al-), match each frame's terms (multi-word terms, `*` prefix wildcards, weights), and
write one row a document: counts and weighted counts per frame and a stance from the
frames' polarities, (sympathetic - hostile) / (evidence + 4). It has no voice, negation,
actor attribution or interval: it is the cheaper job, so the ratio flatters it.

    python3 benches/python_baseline.py --lexicons lexicons CORPUS.jsonl --out rows.csv [--jobs 2]

Standard library only. Reads JSONL (`id`, `text`); uses `--jobs` processes.
"""

import argparse
import csv
import json
import os
import re
import sys
from multiprocessing import Pool

DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669\u0671-\u06d3\w]+")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
PROCLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ك", "ل")

LEXICON = None  # set in each worker by init(): what load() returns


def normalise(text):
    return DIACRITICS.sub("", text).translate(FOLD)


def readings(word):
    """The word and what remains after each proclitic it may start with."""
    out = [word]
    for p in PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 2:
            out.append(word[len(p):])
    return out


def rows(lexicons, name):
    with open(os.path.join(lexicons, name), encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def load(lexicons):
    """Frames as (name, polarity); terms as (frame, weight, words); the terms indexed by
    their first word, or by its first two letters when it ends in `*`."""
    frames, terms, exact, wild = [], [], {}, {}
    for k, frame in enumerate(rows(lexicons, "frames.csv")):
        frames.append((frame["frame"], float(frame["polarity"] or 0)))
        for row in rows(lexicons, frame["frame"] + ".csv"):
            weight = float(row["weight"] or 1)
            words = [normalise(w.lstrip("=")) for w in row["term"].split()]
            if not words or weight == 0:
                continue
            first = words[0]
            index = (wild, first[:2]) if first.endswith("*") else (exact, first)
            index[0].setdefault(index[1], []).append(len(terms))
            terms.append((k, weight, words))
    return frames, terms, exact, wild


def word_matches(pattern, word_readings):
    if pattern.endswith("*"):
        return any(r.startswith(pattern[:-1]) for r in word_readings)
    return pattern in word_readings


def score(line):
    frames, terms, exact, wild = LEXICON
    doc = json.loads(line)
    words = [readings(w) for w in WORD.findall(normalise(doc.get("text", "")))]
    counts = [0] * len(frames)
    weighted = [0.0] * len(frames)
    for i, reads in enumerate(words):
        candidates = {t for r in reads for t in exact.get(r, ())}
        candidates.update(t for r in reads for t in wild.get(r[:2], ()))
        for t in candidates:
            k, weight, pattern = terms[t]
            span = words[i : i + len(pattern)]
            if len(span) == len(pattern) and all(map(word_matches, pattern, span)):
                counts[k] += 1
                weighted[k] += weight
    signed = sum(w * p for w, (_, p) in zip(weighted, frames))
    evidence = sum(w for w, (_, p) in zip(weighted, frames) if p)
    return [doc.get("id", ""), len(words), round(signed / (evidence + 4), 6)] + counts + weighted


def init(lexicons):
    global LEXICON
    LEXICON = load(lexicons)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--lexicons", default="lexicons")
    parser.add_argument("--out", default="-")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    args = parser.parse_args()
    init(args.lexicons)
    names = [name for name, _ in LEXICON[0]]
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8", newline="")
    writer = csv.writer(out)
    writer.writerow(["id", "words", "stance"] + [f"{n}_matches" for n in names] + [f"{n}_weighted" for n in names])
    with open(args.corpus, encoding="utf-8") as corpus, Pool(args.jobs, init, (args.lexicons,)) as pool:
        for row in pool.imap(score, corpus, chunksize=256):
            writer.writerow(row)
    out.flush()


if __name__ == "__main__":
    main()
