#!/usr/bin/env python3
"""Writes the text of a Knowledge Register corpus as one HTML page per record, for Xapian's omindex.

The peer (omindex, Omega) must index the same words kr-index does: the record's title, partners,
action, summary, body sections and the text of its attached document. Each page goes under
OUT/<type>/<id>.html, so omindex's path terms (`P/<type>`) let Omega filter by type; its mtime is
set to the record's date, so omindex's date terms and its last-modified value slot let Omega
filter by year and sort by date. Facet codes (countries, themes, pillars) are written as a
`keywords` meta tag: omindex indexes them as words, which is the closest plain omindex gets.

  bench/corpus_to_html.py --corpus /tmp/corpus-100k --out /tmp/omega-100k
Prints the number of pages and the bytes of text written.
"""
import argparse
import calendar
import html
import html.parser
import os
import xml.etree.ElementTree as ET

NS = "{urn:mieux:knowledge-register:1}"


class TextOnly(html.parser.HTMLParser):
    """The visible text of an attached HTML document."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style", "title")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style", "title") and self.skip > 0

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def attachment_text(path):
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    if path.endswith((".html", ".htm")):
        p = TextOnly()
        p.feed(raw)
        return " ".join(p.parts)
    return raw  # .txt and .md: Markdown markup is a few '#' characters


def date_epoch(date):
    parts = [int(x) for x in date.split("-")] + [1, 1]
    return calendar.timegm((parts[0], parts[1], parts[2], 12, 0, 0))


def convert(xml_path, out_dir, mtime_offset=0):
    rec = ET.parse(xml_path).getroot()
    text = lambda tag: " ".join(e.text or "" for e in rec.iter(NS + tag))
    title = text("title")
    paragraphs = [text("partner"), text("action"), text("summary")]
    paragraphs += [(s.get("title") or "") + ". " + (s.text or "") for s in rec.iter(NS + "section")]
    src = rec.find(NS + "source")
    if src is not None:
        paragraphs.append(attachment_text(os.path.join(os.path.dirname(xml_path), src.get("href"))))
    keywords = " ".join(e.text for tag in ("country", "theme", "pillar") for e in rec.iter(NS + tag))
    body = "".join("<p>%s</p>\n" % html.escape(p) for p in paragraphs if p.strip())
    page = ('<!DOCTYPE html>\n<html lang="%s"><head><meta charset="utf-8"><title>%s</title>\n'
            '<meta name="keywords" content="%s"></head>\n<body>\n%s</body></html>\n'
            % (rec.get("lang"), html.escape(title), html.escape(keywords), body))
    target_dir = os.path.join(out_dir, rec.get("type"))
    os.makedirs(target_dir, exist_ok=True)
    target = os.path.join(target_dir, rec.get("id") + ".html")
    with open(target, "w", encoding="utf-8") as f:
        f.write(page)
    stamp = date_epoch(text("date")) + mtime_offset
    os.utime(target, (stamp, stamp))
    return len(title.encode()) + sum(len(p.encode()) for p in paragraphs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    pages = text_bytes = 0
    for dirpath, _, files in os.walk(args.corpus):
        for name in sorted(files):
            if name.endswith(".xml"):
                text_bytes += convert(os.path.join(dirpath, name), args.out)
                pages += 1
    print("%d pages, %d bytes of text" % (pages, text_bytes))


if __name__ == "__main__":
    main()
