#!/usr/bin/env python3
"""Generate schemas/taxonomy.xml.

Merges
  * ISO 3166-1 codes and EN/FR/ES country names from Debian's iso-codes package
    (/usr/share/iso-codes/json/iso_3166-1.json and the gettext catalogues
    /usr/share/locale/{fr,es}/LC_MESSAGES/iso_3166-1.mo; `apt-get install iso-codes`),
  * tools/taxonomy/countries.txt (regions, neighbours, preferred short names, aliases),
  * tools/taxonomy/vocab.py (languages, regions, themes, pillars, types, audiences,
    organisations, glossary).

Usage:  python3 tools/taxonomy/generate.py [-o schemas/taxonomy.xml] [--iso-json PATH] [--locale-dir DIR]
Output is deterministic (sorted, no timestamps). Run tools/taxonomy/check.py afterwards.
"""
import argparse
import gettext
import json
import os
import sys
from xml.sax.saxutils import escape, quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import vocab  # noqa: E402

LANGS = ("en", "fr", "es")
NS = "urn:mieux:knowledge-register:taxonomy:1"


def die(msg):
    sys.exit("generate.py: error: " + msg)


def load_iso(json_path, locale_dir):
    with open(json_path, encoding="utf-8") as f:
        entries = json.load(f)["3166-1"]
    tr = {lang: gettext.translation("iso_3166-1", locale_dir, [lang]) for lang in ("fr", "es")}
    iso = {}
    for e in entries:
        name = e["name"]
        names = {"en": name, "fr": tr["fr"].gettext(name), "es": tr["es"].gettext(name)}
        # iso-codes has a few lower-case initials in French ("île Bouvet", "îles Cook").
        names = {k: v[:1].upper() + v[1:] for k, v in names.items()}
        extra = [e[k] for k in ("common_name", "official_name") if e.get(k)]
        iso[e["alpha_2"]] = (names, extra)
    return iso


def load_countries(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 7:
                die(f"{path}:{lineno}: expected 7 '|'-separated fields, got {len(parts)}")
            code, region, neigh, en, fr, es, aliases = parts
            if code in rows:
                die(f"{path}:{lineno}: duplicate code {code}")
            rows[code] = {
                "line": lineno,
                "region": region,
                "neighbours": neigh.split(),
                "names": {"en": en, "fr": fr, "es": es},
                "aliases": [a.strip() for a in aliases.split(";") if a.strip()],
            }
    return rows


def build_countries(iso, rows, verbose):
    region_ids = {r for r, _ in vocab.REGIONS}
    missing = sorted(set(iso) - set(rows))
    unknown = sorted(set(rows) - set(iso))
    if missing:
        die("countries.txt lacks ISO codes: " + " ".join(missing))
    if unknown:
        die("countries.txt has codes unknown to iso-codes: " + " ".join(unknown))
    countries = {}
    for code in sorted(rows):
        row = rows[code]
        if row["region"] not in region_ids:
            die(f"countries.txt:{row['line']}: {code}: unknown region {row['region']!r}")
        iso_names, iso_extra = iso[code]
        given = {lang: row["names"][lang].lstrip("!") for lang in LANGS}
        names = {lang: given[lang] or iso_names[lang] for lang in LANGS}
        aliases = []
        # Keep the iso-codes form of any name we replaced (unless marked "!" as a misspelling),
        # then ISO common/official names, then ours.
        candidates = [iso_names[lang] for lang in LANGS
                      if row["names"][lang] and not row["names"][lang].startswith("!")]
        candidates += iso_extra + row["aliases"]
        seen = {n.casefold() for n in names.values()}
        for a in candidates:
            if a.casefold() not in seen:
                seen.add(a.casefold())
                aliases.append(a)
        countries[code] = {"region": row["region"], "names": names, "aliases": aliases,
                           "neighbours": set()}
    # Neighbours: union of both directions, so the relation is symmetric.
    for code, row in rows.items():
        for n in row["neighbours"]:
            if n == code:
                die(f"countries.txt:{row['line']}: {code} lists itself as neighbour")
            if n not in countries:
                die(f"countries.txt:{row['line']}: {code}: unknown neighbour code {n}")
            countries[code]["neighbours"].add(n)
            countries[n]["neighbours"].add(code)
    if verbose:
        for code, row in sorted(rows.items()):
            added = countries[code]["neighbours"] - set(row["neighbours"])
            if added:
                print(f"note: {code} gets neighbours from the reverse direction: {' '.join(sorted(added))}",
                      file=sys.stderr)
    return countries


def labels(tag, triple, indent):
    return indent + "".join(f'<{tag} lang="{lang}">{escape(text)}</{tag}>'
                            for lang, text in zip(LANGS, triple))


def emit(countries):
    out = []
    w = out.append
    w('<?xml version="1.0" encoding="UTF-8"?>')
    w("<!-- MIEUX Knowledge Register: controlled vocabularies.")
    w("     GENERATED by tools/taxonomy/generate.py from tools/taxonomy/countries.txt, tools/taxonomy/vocab.py")
    w("     and Debian iso-codes (ISO 3166-1 names in EN/FR/ES). Edit those sources and regenerate;")
    w("     check with tools/taxonomy/check.py. -->")
    w(f'<taxonomy xmlns="{NS}" version="1">')

    def simple(section, tag, items):
        w(f"  <{section}>")
        for ident, triple in items:
            w(f'    <{tag} id="{ident}">{labels("label", triple, "")}</{tag}>')
        w(f"  </{section}>")

    simple("languages", "language", vocab.LANGUAGES)
    simple("regions", "region", vocab.REGIONS)

    w("  <countries>")
    for code in sorted(countries):
        c = countries[code]
        w(f'    <country code="{code}" region="{c["region"]}">')
        w(labels("name", [c["names"][l] for l in LANGS], "      "))
        for a in c["aliases"]:
            w(f"      <alias>{escape(a)}</alias>")
        if c["neighbours"]:
            w(f'      <neighbours>{" ".join(sorted(c["neighbours"]))}</neighbours>')
        w("    </country>")
    w("  </countries>")

    w("  <organisations>")
    for ident, acronym, triple, aliases, members in vocab.ORGANISATIONS:
        codes = members.split()
        if len(set(codes)) != len(codes):
            die(f"organisation {ident}: duplicate member codes")
        for m in codes:
            if m not in countries:
                die(f"organisation {ident}: unknown member code {m}")
        w(f"    <organisation id={quoteattr(ident)} acronym={quoteattr(acronym)}>")
        w(labels("label", triple, "      "))
        for a in aliases:
            w(f"      <alias>{escape(a)}</alias>")
        w(f"      <members>{' '.join(sorted(codes))}</members>")
        w("    </organisation>")
    w("  </organisations>")

    simple("themes", "theme", vocab.THEMES)
    simple("pillars", "pillar", vocab.PILLARS)
    simple("types", "type", vocab.TYPES)
    simple("audiences", "audience", vocab.AUDIENCES)

    w("  <glossary>")
    for ident, forms in vocab.GLOSSARY:
        w(f'    <term id="{ident}">')
        for lang, abbr, text in forms:
            a = f" abbr={quoteattr(abbr)}" if abbr else ""
            w(f'      <form lang="{lang}"{a}>{escape(text)}</form>')
        w("    </term>")
    w("  </glossary>")
    w("</taxonomy>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", default=os.path.join(ROOT, "schemas", "taxonomy.xml"))
    ap.add_argument("--iso-json", default="/usr/share/iso-codes/json/iso_3166-1.json")
    ap.add_argument("--locale-dir", default="/usr/share/locale")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="report neighbour links that were only listed in one direction")
    args = ap.parse_args()

    for kind, items in (("region", vocab.REGIONS), ("theme", vocab.THEMES), ("pillar", vocab.PILLARS),
                        ("type", vocab.TYPES), ("audience", vocab.AUDIENCES),
                        ("language", vocab.LANGUAGES), ("organisation", vocab.ORGANISATIONS),
                        ("term", vocab.GLOSSARY)):
        ids = [it[0] for it in items]
        if len(ids) != len(set(ids)):
            die(f"duplicate {kind} ids")

    iso = load_iso(args.iso_json, args.locale_dir)
    rows = load_countries(os.path.join(HERE, "countries.txt"))
    countries = build_countries(iso, rows, args.verbose)
    xml = emit(countries)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(xml)
    os.replace(tmp, args.output)
    print(f"wrote {args.output}: {len(countries)} countries, {len(vocab.ORGANISATIONS)} organisations, "
          f"{len(vocab.GLOSSARY)} glossary terms", file=sys.stderr)


if __name__ == "__main__":
    main()
