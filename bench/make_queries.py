#!/usr/bin/env python3
"""Writes the search benchmark's query mix: one request per line, `CLASS<TAB>/api/v1/search?...`.

The same file drives the in-process benchmark (bench/search_bench.cc), wrk (bench/wrk_queries.lua)
and the Omega peer (bench/omega_queries.py), so all three answer the same questions. Words come
from the generated corpus itself (a sample of its records): frequent words (matching most of the
index, the expensive case for exact facet counts) and mid-frequency ones; phrases are word pairs
and triples that occur in it; acronyms come from the taxonomy's glossary. Filters use taxonomy
values, with multi-select (two values of one facet) in a share of requests. Deterministic.

  bench/make_queries.py --corpus /tmp/kr-bench/corpus-100000 --count 1000 > queries.tsv
"""
import argparse
import os
import random
import re
import urllib.parse
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NS = "{urn:mieux:knowledge-register:1}"
TNS = "{urn:mieux:knowledge-register:taxonomy:1}"
WORD = re.compile(r"[^\W\d_]{3,}")

# class -> share of the mix
CLASSES = [("word", 0.20), ("words", 0.12), ("phrase", 0.10), ("acronym", 0.05), ("filters", 0.15),
           ("word+filters", 0.20), ("page2-3", 0.10), ("date", 0.08)]


def sample_corpus(corpus, limit, rng):
    files = sorted(os.path.join(d, n) for d, _, fs in os.walk(corpus) for n in fs if n.endswith(".xml"))
    freq, sentences, countries = {}, [], set()
    for path in rng.sample(files, min(limit, len(files))):
        rec = ET.parse(path).getroot()
        if rec.get("audience") == "internal":
            continue
        countries.update(e.text for e in rec.iter(NS + "country"))
        for e in rec.iter():
            if e.tag in (NS + "summary", NS + "section", NS + "title") and e.text:
                words = [w.lower() for w in WORD.findall(e.text)]
                sentences.append(words)
                for w in words:
                    freq[w] = freq.get(w, 0) + 1
    ranked = [w for w, _ in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))]
    return ranked, sentences, sorted(countries)


def taxonomy_values():
    t = ET.parse(os.path.join(ROOT, "schemas", "taxonomy.xml")).getroot()
    ids = lambda tag: [e.get("id") for e in t.iter(TNS + tag)]
    acronyms = sorted({f.get("abbr") for f in t.iter(TNS + "form") if f.get("abbr") and len(f.get("abbr")) > 2})
    return {"type": ids("type"), "region": ids("region"), "theme": ids("theme"), "pillar": ids("pillar"),
            "lang": ["en", "fr", "es"]}, acronyms


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    ranked, sentences, countries = sample_corpus(args.corpus, 2000, rng)
    facets, acronyms = taxonomy_values()
    facets["country"] = countries
    frequent, middle = ranked[:40], ranked[40:3000]

    def word():
        return rng.choice(frequent) if rng.random() < 0.3 else rng.choice(middle)

    def phrase():
        s = rng.choice([s for s in sentences if len(s) >= 3])
        n = rng.choice([2, 2, 3])
        i = rng.randrange(len(s) - n + 1)
        return '"%s"' % " ".join(s[i:i + n])

    def filters():
        params = []
        for facet in rng.sample(["type", "region", "country", "theme", "pillar", "lang"], rng.choice([1, 1, 2, 3])):
            k = 2 if rng.random() < 0.35 else 1  # multi-select: two values of one facet
            params += [(facet, v) for v in rng.sample(facets[facet], k)]
        if rng.random() < 0.15:
            y = rng.randint(2009, 2020)
            params += [("year_from", str(y)), ("year_to", str(y + rng.randint(0, 4)))]
        return params

    names = [c for c, _ in CLASSES]
    weights = [w for _, w in CLASSES]
    for _ in range(args.count):
        cls = rng.choices(names, weights)[0]
        params = []
        if cls == "word":
            params = [("q", word())]
        elif cls == "words":
            params = [("q", " ".join(word() for _ in range(rng.choice([2, 3]))))]
        elif cls == "phrase":
            params = [("q", phrase())]
        elif cls == "acronym":
            params = [("q", rng.choice(acronyms))]
        elif cls == "filters":
            params = [("q", "")] + filters()
            if rng.random() < 0.5:
                params.append(("sort", "-date"))
        elif cls == "word+filters":
            params = [("q", " ".join(word() for _ in range(rng.choice([1, 1, 2]))))] + filters()
        elif cls == "page2-3":
            params = [("q", word()), ("page", str(rng.choice([2, 3])))]
        elif cls == "date":
            params = [("q", word()), ("sort", "-date")] + (filters() if rng.random() < 0.5 else [])
        print("%s\t/api/v1/search?%s" % (cls, urllib.parse.urlencode(params, quote_via=urllib.parse.quote)))


if __name__ == "__main__":
    main()
