#!/usr/bin/env python3
"""Changes a share of the records of a generated corpus, for the incremental-indexing benchmark.

Every k-th record (sorted by path, so the same ones each time) gets a sentence appended to its
summary that names --tag; its HTML page for omindex (bench/corpus_to_html.py) is rewritten to
match, with a modification time --tag minutes after the record's date, so omindex (which compares
modification times) sees the change too, and the year stays the same.

  bench/change_records.py --corpus /tmp/corpus-100k --html /tmp/omega-100k --share 0.01 --tag 1
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_to_html  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--html", help="the corpus_to_html.py output to keep in step")
    ap.add_argument("--share", type=float, default=0.01)
    ap.add_argument("--tag", type=int, default=1)
    args = ap.parse_args()
    records = sorted(os.path.join(d, n) for d, _, files in os.walk(args.corpus) for n in files if n.endswith(".xml"))
    step = max(1, round(1 / args.share))
    changed = 0
    for path in records[::step]:
        with open(path, encoding="utf-8") as f:
            xml = f.read()
        xml, n = re.subn(r"</summary>", " Revised in benchmark run %d.</summary>" % args.tag, xml, count=1)
        if not n:
            continue
        with open(path, "w", encoding="utf-8") as f:
            f.write(xml)
        if args.html:
            corpus_to_html.convert(path, args.html, mtime_offset=60 * args.tag)
        changed += 1
    print("%d of %d records changed" % (changed, len(records)))


if __name__ == "__main__":
    main()
