#!/usr/bin/env python3
"""Relevance benchmark: the judged queries of tests/relevance/queries.json against a running kr-server,
next to a baseline over the same texts in the same run (SQLite FTS5, bm25).

    bench/relevance/run.py --server http://127.0.0.1:8080 [--corpus corpus] [--queries FILE]
                           [--min-ndcg X] [--verbose] [--json]

Prints nDCG@10, MRR@10 and recall@10, overall and per query class, for the engine and the baseline.
Exits 1 when --min-ndcg is given and the engine's overall nDCG@10 is below it, or when the engine
returns an internal record to this public (key-less) caller. Python 3 standard library only.

Scoring is per work: a record with work="X" stands for every language edition of X (the engine
shows one hit per work), so both result lists are de-duplicated by work before scoring and a
judgement on one edition applies to all of them.

Baseline: an in-memory FTS5 table over the public records, tokenize='porter unicode61
remove_diacritics 2', columns title, summary, body (section titles and texts), partners and
attachment (.txt, .md, .html/.htm, .docx extracted here with the standard library; .pdf is left
out: no simple stdlib extractor). Query words are quoted and OR-ed; ranked by bm25 with the
project's original field weights (title 5, summary 2, others 1); facet filters are SQL WHERE
clauses on facet columns (regions derived from the countries when a record has none, as the
indexer does).
"""
import argparse
import html
import json
import math
import os
import re
import sqlite3
import sys
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
import zipfile

NS = "{urn:mieux:knowledge-register:1}"
TAX_NS = "{urn:mieux:knowledge-register:taxonomy:1}"
FACETS = ("type", "lang", "region", "country", "theme", "pillar")
K = 10


# ---------------------------------------------------------------- corpus

def attachment_text(path):
    """Plain text of an attached file, or "" for formats the baseline does not extract."""
    low = path.lower()
    try:
        if low.endswith((".txt", ".md")):
            with open(path, encoding="utf-8") as f:
                return f.read()
        if low.endswith((".html", ".htm")):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
            return html.unescape(re.sub(r"(?s)<[^>]+>", " ", text))
        if low.endswith(".docx"):
            with zipfile.ZipFile(path) as z:
                xml = z.read("word/document.xml").decode("utf-8")
            xml = re.sub(r"</w:p>", "\n", xml)
            return html.unescape(re.sub(r"(?s)<[^>]+>", "", xml))
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError):
        return ""
    return ""


def load_country_regions(taxonomy_path):
    root = ET.parse(taxonomy_path).getroot()
    return {c.get("code"): c.get("region") for c in root.iter(TAX_NS + "country")}


def load_corpus(corpus_dir, country_regions):
    """Every record (public and internal) as a dict; regions derived from countries when absent."""
    records = {}
    for folder, _, files in os.walk(corpus_dir):
        for name in sorted(files):
            if not name.endswith(".xml"):
                continue
            path = os.path.join(folder, name)
            root = ET.parse(path).getroot()
            texts = lambda tag: [(e.text or "").strip() for e in root.iter(NS + tag)]
            sections = [(s.get("title") or "") + "\n" + (s.text or "") for s in root.iter(NS + "section")]
            source = root.find(NS + "source")
            countries = texts("country")
            regions = texts("region") or sorted({country_regions.get(c) for c in countries} - {None})
            rid = root.get("id")
            records[rid] = {
                "id": rid,
                "work": root.get("work") or rid,
                "audience": root.get("audience", "public"),
                "type": [root.get("type")],
                "lang": [root.get("lang")],
                "country": countries,
                "region": regions,
                "theme": texts("theme"),
                "pillar": texts("pillar"),
                "title": root.findtext(NS + "title") or "",
                "summary": root.findtext(NS + "summary") or "",
                "body": "\n".join(sections),
                "partners": "\n".join(texts("partner")),
                "attachment": attachment_text(os.path.join(folder, source.get("href"))) if source is not None else "",
            }
    return records


# ---------------------------------------------------------------- baseline

class Baseline:
    def __init__(self, records):
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, summary, body, partners, attachment, "
            + ", ".join(f"f_{f} UNINDEXED" for f in FACETS)
            + ", tokenize='porter unicode61 remove_diacritics 2')")
        for r in records.values():
            if r["audience"] != "public":
                continue  # the run is public: the baseline never sees internal records
            # Facet columns hold " v1 v2 " so that one value is matched with LIKE '% v %'.
            facets = [" " + " ".join(r[f]) + " " for f in FACETS]
            self.db.execute(f"INSERT INTO docs VALUES ({', '.join('?' * (6 + len(FACETS)))})",
                            [r["id"], r["title"], r["summary"], r["body"], r["partners"], r["attachment"], *facets])

    def search(self, q, filters, limit=200):
        words = re.findall(r"\w+", q)
        if not words:
            return []
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        where, args = ["docs MATCH ?"], [match]
        for facet, values in filters.items():
            where.append("(" + " OR ".join(f"f_{facet} LIKE ?" for _ in values) + ")")
            args += [f"% {v} %" for v in values]
        sql = (f"SELECT id FROM docs WHERE {' AND '.join(where)} "
               f"ORDER BY bm25(docs, 0.0, 5.0, 2.0, 1.0, 1.0, 1.0) LIMIT {limit}")
        return [row[0] for row in self.db.execute(sql, args)]


# ---------------------------------------------------------------- engine

def engine_search(server, q, filters):
    params = [("q", q), ("per_page", str(K))]
    for facet, values in filters.items():
        params += [(facet, v) for v in values]
    url = server.rstrip("/") + "/api/v1/search?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=30) as resp:
        body = json.load(resp)
    return [h["id"] for h in body["hits"]]


# ---------------------------------------------------------------- metrics

def per_work(ids, records):
    """Result ids -> work keys, first occurrence of each work kept, cut at K."""
    seen, out = set(), []
    for rid in ids:
        work = records[rid]["work"] if rid in records else rid
        if work not in seen:
            seen.add(work)
            out.append(work)
    return out[:K]


def judged_works(rel, records):
    works = {}
    for rid, grade in rel.items():
        work = records[rid]["work"]
        works[work] = max(works.get(work, 0), grade)
    return works


def measures(ranked, judged):
    dcg = sum((2 ** judged.get(w, 0) - 1) / math.log2(i + 2) for i, w in enumerate(ranked))
    ideal = sorted(judged.values(), reverse=True)[:K]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    rr = next((1.0 / (i + 1) for i, w in enumerate(ranked) if judged.get(w, 0) > 0), 0.0)
    relevant = [w for w, g in judged.items() if g > 0]
    recall = sum(1 for w in ranked if w in judged) / len(relevant)
    return {"ndcg": dcg / idcg if idcg else 0.0, "mrr": rr, "recall": recall}


def mean(rows, key):
    return sum(r[key] for r in rows) / len(rows) if rows else 0.0


# ---------------------------------------------------------------- main

def check_judgements(queries, records):
    """Judgements must name public records that exist: a typo would silently lower the scores."""
    problems = []
    for q in queries:
        for rid in q["rel"]:
            if rid not in records:
                problems.append(f"{q['id']}: unknown record {rid}")
            elif records[rid]["audience"] != "public":
                problems.append(f"{q['id']}: {rid} is internal")
        for facet in q.get("filters", {}):
            if facet not in FACETS:
                problems.append(f"{q['id']}: unknown facet {facet}")
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", ".."))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--server", required=True, help="kr-server base URL, e.g. http://127.0.0.1:8080")
    ap.add_argument("--corpus", default=os.path.join(root, "corpus"))
    ap.add_argument("--taxonomy", default=os.path.join(root, "schemas", "taxonomy.xml"))
    ap.add_argument("--queries", default=os.path.join(root, "tests", "relevance", "queries.json"))
    ap.add_argument("--min-ndcg", type=float, help="fail when the engine's overall nDCG@10 is below this")
    ap.add_argument("--verbose", action="store_true", help="per-query lines")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args()

    with open(args.queries, encoding="utf-8") as f:
        queries = json.load(f)["queries"]
    records = load_corpus(args.corpus, load_country_regions(args.taxonomy))
    problems = check_judgements(queries, records)
    if problems:
        print("bad judgements:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2
    baseline = Baseline(records)

    rows, leaks = [], []
    for q in queries:
        filters = q.get("filters", {})
        judged = judged_works(q["rel"], records)
        got = engine_search(args.server, q["q"], filters)
        leaks += [f"{q['id']}: {rid}" for rid in got if rid in records and records[rid]["audience"] != "public"]
        eng = measures(per_work(got, records), judged)
        base = measures(per_work(baseline.search(q["q"], filters), records), judged)
        rows.append({"id": q["id"], "class": q["class"], "q": q["q"], "engine": eng, "baseline": base})
        if args.verbose:
            print(f"{q['id']:4} {q['class']:13} eng {eng['ndcg']:.3f} base {base['ndcg']:.3f}  "
                  f"{q['q']} {json.dumps(filters) if filters else ''}")
            if args.verbose and eng["ndcg"] < 1.0:
                print("       engine: " + " ".join(f"{w}({judged.get(w, 0)})" for w in per_work(got, records)))

    classes = sorted({r["class"] for r in rows}, key=lambda c: [q["class"] for q in queries].index(c))
    summary = {}
    for name, subset in [(c, [r for r in rows if r["class"] == c]) for c in classes] + [("overall", rows)]:
        summary[name] = {"queries": len(subset)}
        for system in ("engine", "baseline"):
            summary[name][system] = {m: round(mean([r[system] for r in subset], m), 4)
                                     for m in ("ndcg", "mrr", "recall")}

    if args.json:
        print(json.dumps(summary, indent=1))
    else:
        print(f"{'class':14}{'n':>3}   {'nDCG@10':>15}   {'MRR@10':>15}   {'recall@10':>15}")
        print(f"{'':17}   {'engine  base':>15}   {'engine  base':>15}   {'engine  base':>15}")
        for name, s in summary.items():
            cells = "   ".join(f"{s['engine'][m]:7.3f} {s['baseline'][m]:6.3f}" for m in ("ndcg", "mrr", "recall"))
            print(f"{name:14}{s['queries']:>3}   {cells}")

    status = 0
    if leaks:
        print("internal records returned to a public caller: " + ", ".join(leaks), file=sys.stderr)
        status = 1
    overall = summary["overall"]["engine"]["ndcg"]
    if args.min_ndcg is not None and overall < args.min_ndcg:
        print(f"FAIL: overall nDCG@10 {overall:.4f} is below the recorded level {args.min_ndcg:.4f}", file=sys.stderr)
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
