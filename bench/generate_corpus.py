#!/usr/bin/env python3
"""Writes N synthetic but realistic knowledge records for benchmarks and large-corpus tests.

Facets are valid against schemas/taxonomy.xml; words are drawn with a Zipf distribution from the
vocabulary of the sample corpus (corpus/records), per language; a share of records carry an
attached .txt/.md/.html document. Deterministic for a given --seed.

  bench/generate_corpus.py --count 10000 --out /tmp/corpus-10k [--seed 1] [--attachments 0.2]
"""
import argparse
import os
import random
import re
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NS = {"r": "urn:mieux:knowledge-register:1", "t": "urn:mieux:knowledge-register:taxonomy:1"}
WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def load_taxonomy(path):
    t = ET.parse(path).getroot()
    ids = lambda tag: [e.get("id") for e in t.iter("{%s}%s" % (NS["t"], tag))]
    countries = [(c.get("code"), c.get("region")) for c in t.iter("{%s}country" % NS["t"])]
    return {"themes": ids("theme"), "pillars": ids("pillar"), "types": ids("type"), "countries": countries}


def load_vocabulary(corpus):
    """Word frequencies per language from the sample corpus, most frequent first."""
    freq = {}
    for dirpath, _, files in os.walk(corpus):
        for name in files:
            if not name.endswith(".xml"):
                continue
            try:
                rec = ET.parse(os.path.join(dirpath, name)).getroot()
            except ET.ParseError:
                continue
            if rec.get("audience") == "internal":
                continue  # internal-only words must not spread into public generated records
            lang = rec.get("lang", "en")
            text = " ".join(rec.itertext())
            bucket = freq.setdefault(lang, {})
            for w in WORD.findall(text):
                bucket[w.lower()] = bucket.get(w.lower(), 0) + 1
    return {lang: [w for w, _ in sorted(b.items(), key=lambda kv: -kv[1])] for lang, b in freq.items()}


class Zipf:
    def __init__(self, words, rng, s=1.1):
        self.words, self.rng = words, rng
        weights = [1.0 / (i + 1) ** s for i in range(len(words))]
        total = sum(weights)
        acc, self.cdf = 0.0, []
        for w in weights:
            acc += w / total
            self.cdf.append(acc)

    def draw(self, n):
        import bisect
        return [self.words[min(bisect.bisect(self.cdf, self.rng.random()), len(self.words) - 1)] for _ in range(n)]


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sentence(z, n):
    words = z.draw(n)
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def paragraph(z, rng, sentences):
    return " ".join(sentence(z, rng.randint(8, 18)) for _ in range(sentences))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--attachments", type=float, default=0.2, help="share of records with an attachment")
    ap.add_argument("--internal", type=float, default=0.05, help="share of internal records")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    tax = load_taxonomy(os.path.join(ROOT, "schemas", "taxonomy.xml"))
    vocab = load_vocabulary(os.path.join(ROOT, "corpus"))
    zipf = {lang: Zipf(words, rng) for lang, words in vocab.items() if len(words) > 50}
    langs = [l for l in ("en", "fr", "es") if l in zipf]
    lang_weights = [0.7, 0.15, 0.15][: len(langs)]
    partner_countries = [c for c in tax["countries"] if c[1] not in ("other", "europe")]

    for i in range(args.count):
        lang = rng.choices(langs, lang_weights)[0]
        z = zipf[lang]
        rid = "gen-%07d" % i
        sub = os.path.join(args.out, "records", "%03d" % (i // 1000))
        os.makedirs(sub, exist_ok=True)
        year = rng.randint(2009, 2024)
        date = "%d-%02d" % (year, rng.randint(1, 12))
        countries = rng.sample(partner_countries, rng.choice([1, 1, 1, 2, 3]))
        themes = rng.sample(tax["themes"], rng.choice([1, 2, 2, 3]))
        pillars = rng.sample(tax["pillars"], rng.choice([1, 1, 2]))
        rtype = rng.choices(tax["types"], [0.5, 0.15, 0.15, 0.1, 0.1])[0]
        audience = "internal" if rng.random() < args.internal else "public"
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<record xmlns="%s" id="%s" type="%s" lang="%s" audience="%s">' % (NS["r"], rid, rtype, lang, audience),
            "  <title>%s</title>" % esc(sentence(z, rng.randint(5, 10))[:-1]),
            "  <date>%s</date>" % date,
        ]
        if rtype == "practice":
            parts.append('  <action code="%d-%02d">%s</action>' % (year, rng.randint(1, 30), esc(" ".join(z.draw(2)).title())))
        parts.append("  <countries>%s</countries>" % "".join("<country>%s</country>" % c for c, _ in countries))
        parts.append("  <themes>%s</themes>" % "".join("<theme>%s</theme>" % t for t in themes))
        parts.append("  <pillars>%s</pillars>" % "".join("<pillar>%s</pillar>" % p for p in pillars))
        parts.append("  <partners><partner>%s</partner></partners>" % esc("Ministry of " + " ".join(z.draw(2)).title()))
        parts.append("  <summary>%s</summary>" % esc(paragraph(z, rng, 3)))
        parts.append("  <body>")
        for title in ("Context", "Activities", "Results")[: rng.randint(1, 3)]:
            parts.append('    <section title="%s">%s</section>' % (title, esc(paragraph(z, rng, rng.randint(2, 6)))))
        parts.append("  </body>")
        if rng.random() < args.attachments:
            ext = rng.choice(["txt", "md", "html"])
            name = "%s.%s" % (rid, ext)
            text = "\n\n".join(paragraph(z, rng, rng.randint(4, 10)) for _ in range(rng.randint(2, 6)))
            if ext == "html":
                text = "<html><head><title>%s</title></head><body><p>%s</p></body></html>" % (rid, esc(text).replace("\n\n", "</p><p>"))
            elif ext == "md":
                text = "# %s\n\n%s\n" % (rid, text)
            os.makedirs(os.path.join(sub, "files"), exist_ok=True)
            with open(os.path.join(sub, "files", name), "w", encoding="utf-8") as f:
                f.write(text)
            parts.append('  <source href="files/%s"/>' % name)
        parts.append("</record>")
        with open(os.path.join(sub, rid + ".xml"), "w", encoding="utf-8") as f:
            f.write("\n".join(parts) + "\n")


if __name__ == "__main__":
    main()
