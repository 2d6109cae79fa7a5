#!/usr/bin/env python3
"""Generate a deterministic synthetic Arabic news corpus for benchmarking mizan.

    python3 scripts/gen_corpus.py --out corpus.jsonl --size-mb 512
    python3 scripts/gen_corpus.py --out small.jsonl --docs 1000000 --min-words 20 --max-words 120 --median-words 50
    python3 scripts/gen_corpus.py --out corpus.csv  --size-mb 50      # CSV: id,outlet,date,text
    python3 scripts/gen_corpus.py --out corpus_dir  --format txt --docs 5000   # folder of .txt + metadata.csv

The text is made so that it does not flatter caches (CPU caches, per-word memo tables,
branch predictors):

* real sentences from seeds/*.txt (12% of the sentences after the first; they are long,
  so their share of the words is larger), which carry the lexicon's terms in their real
  contexts (never a document's first sentence, so that even short documents differ);
* the rest are sentences drawn from a Zipf-Mandelbrot vocabulary (s = 1.0, q = 2.7) of
  --vocab word forms (400,000 by default): the seeds' own words at the top ranks, then
  synthetic forms built from triliteral and quadriliteral roots put into Arabic
  morphological patterns (فاعل, مفعول, تفعيل, استفعال, ...) plus transliterated-name-like
  stems, wrapped in proclitic chains (و ف ب ك ل ال لل وال بال ...) and suffixes
  (ة ات ون ين ية ها هم نا ...). Nearly every form appears in a 500 MB corpus (the
  512 MiB benchmark corpus has 430,030 distinct Arabic letter sequences in 44.9 million
  words);
* punctuation (، . ؛ ؟ :), quotes (« » and "..."), digits (ASCII and Arabic-Indic), an
  occasional diacritic, paragraphs;
* document lengths log-normal around --median-words, clipped to [--min-words,
  --max-words] (news: 200-1500 words by default; a document ends with the sentence that
  reaches its length, so it can pass the maximum by a sentence); six outlets, uniformly;
  dates uniform over 2019-2025.

Deterministic: the output depends only on the arguments (and --seed) and the seed files,
not on --jobs; each document is drawn from its own random.Random seeded by (seed, index).
Uses only the Python standard library (tested with CPython 3.11); the run prints the
SHA-256 of the output so that two machines can compare.

With --size-mb the corpus stops after the first document that reaches the size; with
--docs it stops at that many documents.
"""

import argparse
import csv
import hashlib
import io
import itertools
import json
import math
import multiprocessing as mp
import os
import random
import re
import sys
import time
from datetime import date, timedelta

OUTLETS = ["alarabiya", "aljazeera", "anadolu_ar", "libya_observer", "alain", "alwasat"]
DATE_START = date(2019, 1, 1)
DATE_DAYS = (date(2025, 12, 31) - DATE_START).days + 1

ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0660-\u0669\u0671-\u06D3\u064B-\u0652\u0640]+")

# Root consonants with rough Arabic frequencies (weak letters rarer: they make hollow and
# defective roots).
ROOT_LETTERS = [
    ("ر", 9), ("ل", 9), ("م", 8), ("ن", 8), ("ب", 7), ("ع", 7), ("د", 6), ("س", 6),
    ("ق", 6), ("ف", 5), ("ح", 5), ("ك", 5), ("ج", 4), ("ت", 4), ("ش", 4), ("ط", 3),
    ("ص", 3), ("خ", 3), ("ه", 3), ("ز", 2), ("غ", 2), ("ض", 2), ("ذ", 1.5), ("ث", 1.5),
    ("ظ", 1), ("و", 3), ("ي", 3), ("ء", 1),
]

# Unvocalised patterns: 1 2 3 (4) stand for the root letters.
PATTERNS3 = [
    ("123", 10), ("1ا23", 8), ("م12و3", 5), ("ت12ي3", 5), ("است12ا3", 3), ("ا1ت2ا3", 4),
    ("ان12ا3", 2), ("12ي3", 6), ("12ا3", 6), ("م1ا23", 4), ("م123", 5), ("م123ة", 4),
    ("12ا3ة", 4), ("ت1ا23", 3), ("م1ا23ة", 3), ("12و3", 3), ("ي123", 5), ("ت123", 4),
    ("ن123", 2), ("مست123", 2), ("مت1ا23", 2), ("1وا23", 2), ("أ12ا3", 4), ("123ة", 4),
    ("م1ت23", 3), ("ي1ت23", 2), ("ت1ت23", 1), ("1ا2ي3", 1), ("م12ي3", 1), ("أ123", 3),
    ("12ا3ي", 2), ("م12ا3", 1), ("1ع2ا3", 0),
]
PATTERNS4 = [("1234", 4), ("م1234", 2), ("ت1234", 2), ("1234ة", 2), ("12ا34", 1)]

VOWELS_NAME = ["ا", "و", "ي", ""]
PROCLITICS = [
    ("", 58), ("ال", 20), ("وال", 5), ("و", 4.5), ("بال", 3), ("لل", 2), ("ب", 2),
    ("ل", 1.5), ("ف", 0.6), ("ك", 0.3), ("فال", 0.5), ("كال", 0.3), ("وب", 0.6),
    ("ول", 0.6), ("وبال", 0.5), ("ولل", 0.4), ("فب", 0.1), ("فل", 0.2), ("وك", 0.1),
    ("فلل", 0.05), ("وكال", 0.05), ("فبال", 0.05),
]
SUFFIXES = [
    ("", 62), ("ة", 8), ("ات", 5), ("ها", 3), ("ه", 3), ("ين", 3), ("ون", 2),
    ("ية", 3), ("ي", 2), ("هم", 1.5), ("نا", 1), ("ان", 1), ("كم", 0.5), ("تها", 1),
    ("ته", 0.8), ("اتها", 0.4), ("اتهم", 0.3), ("هما", 0.2), ("يين", 0.6), ("يات", 0.5),
]
# After the article only non-pronoun endings are grammatical.
ARTICLE_SUFFIXES = {"", "ة", "ات", "ين", "ون", "ية", "ي", "ان", "يين", "يات"}

DIACRITICS = ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u064b", "\u064c", "\u064d"]
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


class Weighted:
    """Draws from (item, weight) pairs with precomputed cumulative weights."""

    def __init__(self, pairs):
        self.items = [i for i, w in pairs if w > 0]
        self.cum = list(itertools.accumulate(w for _, w in pairs if w > 0))

    def draw(self, rng, k=1):
        return rng.choices(self.items, cum_weights=self.cum, k=k)


def seat_hamza(stem):
    """A bare hamza inside a word sits on a carrier, as in real spelling."""
    out = []
    for k, c in enumerate(stem):
        if c == "ء" and k < len(stem) - 1:
            near = stem[k - 1 : k] + stem[k + 1 : k + 2]
            c = "ئ" if "ي" in near else "ؤ" if "و" in near else "أ"
        out.append(c)
    return "".join(out)


class Zipf:
    """Zipf-Mandelbrot ranks 0..n-1 with weight 1/(rank + 1 + q)^s, drawn by inverting the
    continuous distribution (O(1) a draw; a bisect over 400,000 cumulative weights is
    several times slower in Python)."""

    def __init__(self, n, s=1.0, q=2.7):
        self.n, self.s, self.q = n, s, q
        if s == 1.0:
            self.lo, self.span = math.log(1 + q), math.log((n + 1 + q) / (1 + q))
        else:
            a = 1.0 - s
            self.lo, self.span = (1 + q) ** a, (n + 1 + q) ** a - (1 + q) ** a

    def ranks(self, rng, k):
        n, q, lo, span, rnd = self.n, self.q, self.lo, self.span, rng.random
        if self.s == 1.0:
            exp = math.exp
            r = [int(exp(lo + span * rnd()) - q) - 1 for _ in range(k)]
        else:
            inv = 1.0 / (1.0 - self.s)
            r = [int((lo + span * rnd()) ** inv - q) - 1 for _ in range(k)]
        return [x if 0 <= x < n else n - 1 for x in r]

    def draw(self, rng, items, k):
        return [items[r] for r in self.ranks(rng, k)]


def read_seeds(seed_dir):
    files = sorted(f for f in os.listdir(seed_dir) if f.endswith(".txt"))
    if not files:
        sys.exit(f"gen_corpus: no .txt files in {seed_dir}")
    sentences, counts = [], {}
    for name in files:
        with open(os.path.join(seed_dir, name), encoding="utf-8-sig") as f:
            text = f.read()
        for part in re.split(r"(?<=[.!؟?])\s+|\n+", text):
            part = part.strip()
            if len(part.split()) >= 4:
                sentences.append(part)
        for w in ARABIC_WORD.findall(text):
            counts[w] = counts.get(w, 0) + 1
    # Most frequent first; ties in first-seen order (dicts keep insertion order).
    words = [w for w, _ in sorted(counts.items(), key=lambda kv: -kv[1])]
    return sentences, words


def build_vocab(seed_words, size, rng):
    """seed words at the top ranks, then synthetic forms ranked by first appearance."""
    letters, pat3, pat4 = Weighted(ROOT_LETTERS), Weighted(PATTERNS3), Weighted(PATTERNS4)
    stems, seen_stems = [], set()
    n_stems = max(1000, size // 6)
    while len(stems) < n_stems:
        kind = rng.random()
        if kind < 0.85:
            root = letters.draw(rng, 3)
            if root[0] == root[1]:
                continue
            stem = "".join(root[int(c) - 1] if c.isdigit() else c for c in pat3.draw(rng)[0])
        elif kind < 0.93:
            root = letters.draw(rng, 4)
            stem = "".join(root[int(c) - 1] if c.isdigit() else c for c in pat4.draw(rng)[0])
        else:  # transliterated names: CVCVC(V)
            n = rng.choice([2, 3, 3, 4])
            cons = letters.draw(rng, n)
            stem = "".join(c + rng.choice(VOWELS_NAME) for c in cons).replace("ء", "")
            if len(stem) < 3:
                continue
        stem = seat_hamza(stem)
        if stem not in seen_stems:
            seen_stems.add(stem)
            stems.append(stem)
    stem_zipf = Zipf(len(stems), s=0.8, q=5.0)
    vocab, seen = [], set()
    for w in seed_words:
        if w not in seen:
            seen.add(w)
            vocab.append(w)
    pro, suf = Weighted(PROCLITICS), Weighted(SUFFIXES)
    no_suffix_change = ("ات", "ين", "ون", "ان", "ية", "ي", "يين", "يات")
    rounds = 0
    while len(vocab) < size:
        rounds += 1
        if rounds > 200:
            sys.exit("gen_corpus: could not build the vocabulary; lower --vocab")
        k = 100_000
        for stem, p, x in zip(stem_zipf.draw(rng, stems, k), pro.draw(rng, k), suf.draw(rng, k)):
            if "ال" in p and x not in ARTICLE_SUFFIXES:
                x = ""
            if x and stem.endswith("ة"):
                stem = stem[:-1] + ("" if x in no_suffix_change else "ت")
            form = p + stem + x
            if form not in seen:
                seen.add(form)
                vocab.append(form)
                if len(vocab) == size:
                    break
    return vocab


# Globals for worker processes (set before the pool forks).
G = {}


def make_sentence(rng, vocab, zipf):
    n = int(rng.triangular(5, 32, 12))
    words = zipf.draw(rng, vocab, n)
    r = rng.random()
    if r < 0.06:  # a number
        num = str(rng.choice([rng.randint(2, 99), rng.randint(100, 5000), rng.randint(2011, 2025)]))
        if rng.random() < 0.3:
            num = num.translate(INDIC)
        words[rng.randrange(n)] = num
    if rng.random() < 0.08:  # a quoted label
        i = rng.randrange(n)
        j = min(n, i + rng.randint(1, 3))
        q = rng.choice([("«", "»"), ('"', '"'), ("“", "”")])
        words[i] = q[0] + words[i]
        words[j - 1] = words[j - 1] + q[1]
    if rng.random() < 0.05:  # a diacritic
        i = rng.randrange(n)
        w = words[i]
        k = rng.randrange(len(w))
        words[i] = w[: k + 1] + rng.choice(DIACRITICS) + w[k + 1 :]
    for _ in range(int(n / 9)):
        if rng.random() < 0.5:
            i = rng.randrange(n - 1)
            words[i] = words[i] + "،"
    end = rng.choices([".", "؟", ":", "؛", "!"], weights=[90, 3, 3, 3, 1])[0]
    return " ".join(words) + end, n


def make_doc(i):
    seed, vocab, zipf, sentences = G["seed"], G["vocab"], G["zipf"], G["sentences"]
    rng = random.Random(seed * 1_000_003 + i)
    lo, hi, med, sigma = G["min_words"], G["max_words"], G["median_words"], G["sigma"]
    target = int(min(hi, max(lo, rng.lognormvariate(math.log(med), sigma))))
    paras, para, nwords = [], [], 0
    para_len = rng.randint(2, 6)
    while nwords < target:
        if para and rng.random() < G["real_share"]:  # a synthetic lede keeps texts distinct
            s = rng.choice(sentences)
            n = s.count(" ") + 1
        else:
            s, n = make_sentence(rng, vocab, zipf)
        para.append(s)
        nwords += n
        if len(para) >= para_len:
            paras.append(" ".join(para))
            para, para_len = [], rng.randint(2, 6)
    if para:
        paras.append(" ".join(para))
    text = "\n".join(paras)
    outlet = OUTLETS[rng.randrange(len(OUTLETS))]
    day = DATE_START + timedelta(days=rng.randrange(DATE_DAYS))
    return {"id": f"doc{i:07d}", "outlet": outlet, "date": day.isoformat(), "text": text}


def make_batch(start_count):
    start, count = start_count
    return [make_doc(i) for i in range(start, start + count)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output file (.jsonl, .csv) or folder (--format txt)")
    ap.add_argument("--format", choices=["jsonl", "csv", "txt"], help="default: from --out's extension")
    lim = ap.add_mutually_exclusive_group(required=True)
    lim.add_argument("--size-mb", type=float, help="stop once the output reaches this many MiB")
    lim.add_argument("--docs", type=int, help="stop after this many documents")
    ap.add_argument("--seed", type=int, default=20200104)
    ap.add_argument("--seeds-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "seeds"))
    ap.add_argument("--vocab", type=int, default=400_000, help="distinct word forms in the Zipf vocabulary")
    ap.add_argument("--min-words", type=int, default=200)
    ap.add_argument("--max-words", type=int, default=1500)
    ap.add_argument("--median-words", type=int, default=550)
    ap.add_argument("--sigma", type=float, default=0.5, help="log-normal spread of document lengths")
    ap.add_argument("--real-share", type=float, default=0.12, help="share of sentences taken from the seeds")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()

    fmt = args.format or ("csv" if args.out.endswith(".csv") else "txt" if os.path.isdir(args.out) else "jsonl")
    t0 = time.time()
    sentences, seed_words = read_seeds(args.seeds_dir)
    vocab = build_vocab(seed_words, args.vocab, random.Random(args.seed))
    G.update(
        seed=args.seed, vocab=vocab, zipf=Zipf(len(vocab)), sentences=sentences,
        min_words=args.min_words, max_words=args.max_words, median_words=args.median_words,
        sigma=args.sigma, real_share=args.real_share,
    )
    print(f"gen_corpus: {len(sentences)} seed sentences, {len(vocab)} word forms "
          f"({len(seed_words)} from the seeds), built in {time.time() - t0:.1f}s", file=sys.stderr)

    limit_bytes = int(args.size_mb * 1024 * 1024) if args.size_mb else None
    limit_docs = args.docs
    batch = 500 if (args.median_words > 150) else 5000
    digest = hashlib.sha256()
    tmp = args.out + ".part"
    if fmt == "txt":
        os.makedirs(args.out, exist_ok=True)
        out = open(os.path.join(args.out, "metadata.csv"), "w", encoding="utf-8", newline="")
        meta_w = csv.writer(out)
        meta_w.writerow(["id", "outlet", "date"])
    else:
        out = open(tmp, "wb")
        if fmt == "csv":
            head = "id,outlet,date,text\r\n".encode()
            out.write(head)
            digest.update(head)

    def batches():
        start = 0
        while True:
            count = batch if limit_docs is None else min(batch, limit_docs - start)
            if count <= 0:
                return
            yield (start, count)
            start += count

    def emit(docs_batch):
        for d in docs_batch:
            if fmt == "jsonl":
                line = json.dumps(d, ensure_ascii=False) + "\n"
            elif fmt == "csv":
                buf = io.StringIO()
                csv.writer(buf).writerow([d["id"], d["outlet"], d["date"], d["text"]])
                line = buf.getvalue()
            else:
                line = d["text"] + "\n"
            data = line.encode("utf-8")
            digest.update(data)
            if fmt == "txt":
                with open(os.path.join(args.out, d["id"] + ".txt"), "wb") as f:
                    f.write(data)
                meta_w.writerow([d["id"], d["outlet"], d["date"]])
            else:
                out.write(data)
            state["written"] += len(data)
            state["docs"] += 1
            if limit_bytes is not None and state["written"] >= limit_bytes:
                return True
        return False

    # A bounded window of batches in flight, consumed in order: the output does not
    # depend on --jobs, and memory stays small.
    state = {"written": 0, "docs": 0}
    ctx = mp.get_context("fork")
    with ctx.Pool(args.jobs) as pool:
        window, starts = [], batches()
        for _ in range(4 * args.jobs):
            nxt = next(starts, None)
            if nxt is not None:
                window.append(pool.apply_async(make_batch, (nxt,)))
        while window:
            if emit(window.pop(0).get()):
                break
            nxt = next(starts, None)
            if nxt is not None:
                window.append(pool.apply_async(make_batch, (nxt,)))
        pool.terminate()
    written, docs = state["written"], state["docs"]
    out.close()
    if fmt != "txt":
        os.replace(tmp, args.out)
    dt = time.time() - t0
    print(f"gen_corpus: {docs} documents, {written} bytes ({written / 1e6:.1f} MB) in {dt:.1f}s "
          f"({written / 1e6 / dt:.1f} MB/s) -> {args.out}", file=sys.stderr)
    print(f"sha256 {digest.hexdigest()}  {args.out}")


if __name__ == "__main__":
    main()
