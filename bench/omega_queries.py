#!/usr/bin/env python3
"""Translates the query mix (bench/make_queries.py) into requests for Xapian's Omega CGI.

Omega searches the omindex database of the same text (bench/corpus_to_html.py). What Omega can
express is kept: the words and phrases (P), the type filter (B=P/<type>, pages sit in one folder
per type), years (B=Y<year>, omindex's date terms; OR-ed like our year range), the page (TOPDOC)
and newest-first order (SORT=0, omindex's last-modified value, which is the record's date).
Region, country, theme, pillar and lang filters have no omindex counterpart and are dropped, so
Omega's filtered requests are, if anything, cheaper than kr-server's.

  bench/omega_queries.py --db omega-100000 < queries.tsv > omega.tsv
"""
import argparse
import sys
import urllib.parse


def translate(target, db):
    params = urllib.parse.parse_qsl(urllib.parse.urlsplit(target).query, keep_blank_values=True)
    out = [("DB", db)]
    page, years = 1, None
    for key, value in params:
        if key == "q" and value:
            out.append(("P", value))
        elif key == "type":
            out.append(("B", "P/" + value))
        elif key == "page":
            page = int(value)
        elif key == "sort" and value == "-date":
            out += [("SORT", "0"), ("SORTREVERSE", "1")]
        elif key == "year_from":
            years = (int(value), years[1] if years else 2100)
        elif key == "year_to":
            years = (years[0] if years else 1900, int(value))
    if years:
        out += [("B", "Y%d" % y) for y in range(years[0], min(years[1], 2030) + 1)]
    if page > 1:
        out.append(("TOPDOC", str(10 * (page - 1))))
    return "/cgi-bin/omega?" + urllib.parse.urlencode(out, quote_via=urllib.parse.quote)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="database name under Omega's database_dir")
    args = ap.parse_args()
    for line in sys.stdin:
        cls, _, target = line.rstrip("\n").partition("\t")
        print("%s\t%s" % (cls, translate(target, args.db)))


if __name__ == "__main__":
    main()
