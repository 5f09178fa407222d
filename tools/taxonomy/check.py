#!/usr/bin/env python3
"""Check schemas/taxonomy.xml against the rules the C++ loader enforces (and a few more).

Usage: python3 tools/taxonomy/check.py [path/to/taxonomy.xml]     exit 0 = ok, 1 = problems found
"""
import os
import sys
import xml.etree.ElementTree as ET

NS = "{urn:mieux:knowledge-register:taxonomy:1}"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LANGS = {"en", "fr", "es"}
REGIONS = ["africa-ces", "africa-west", "asia", "eu-neighbourhood", "lac", "europe", "global", "other"]
THEMES = ["labour-migration", "integration", "diaspora-engagement", "migration-development",
          "trafficking-smuggling", "data-management", "international-protection", "unaccompanied-minors",
          "irregular-migration-youth", "border-management", "policy-development", "return-reintegration",
          "communication", "quality-management", "regularisation", "consular-crisis",
          "environmental-migration", "health-emergencies"]
PILLARS = ["legal-migration", "irregular-migration", "international-protection", "migration-development",
           "horizontal"]
TYPES = ["practice", "report", "handbook", "factsheet", "article"]
AUDIENCES = ["public", "internal"]
REQUIRED_ORGS = ["ecowas", "comesa", "guam", "iberred", "sica", "mercosur"]
REQUIRED_TERMS = ["thb", "som", "gamm", "gcm", "md", "vot", "tot", "ibm", "avrr"]

errors = []


def err(msg):
    errors.append(msg)


def check_labels(el, tag, what):
    langs = [x.get("lang") for x in el.findall(NS + tag)]
    for x in el.findall(NS + tag):
        if not (x.text or "").strip():
            err(f"{what}: empty <{tag} lang={x.get('lang')}>")
    if not LANGS <= set(langs):
        err(f"{what}: <{tag}> missing languages {sorted(LANGS - set(langs))}")
    if len(langs) != len(set(langs)):
        err(f"{what}: duplicate <{tag}> languages")


def check_vocab(root, section, tag, expected, min_count=0):
    sec = root.find(NS + section)
    if sec is None:
        err(f"missing <{section}>")
        return []
    ids = [x.get("id") for x in sec.findall(NS + tag)]
    if len(ids) != len(set(ids)):
        err(f"<{section}>: duplicate ids")
    if expected is not None and sorted(ids) != sorted(expected):
        err(f"<{section}>: ids {sorted(ids)} != expected {sorted(expected)}")
    if len(ids) < min_count:
        err(f"<{section}>: {len(ids)} entries, expected at least {min_count}")
    for x in sec.findall(NS + tag):
        check_labels(x, "label", f"{tag} {x.get('id')}")
    return ids


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "schemas", "taxonomy.xml")
    root = ET.parse(path).getroot()
    if root.tag != NS + "taxonomy" or root.get("version") != "1":
        err("root must be <taxonomy xmlns='urn:mieux:knowledge-register:taxonomy:1' version='1'>")

    langs = check_vocab(root, "languages", "language", None, 3)
    for needed in ("en", "fr", "es"):
        if needed not in langs:
            err(f"languages: missing {needed}")
    regions = check_vocab(root, "regions", "region", REGIONS)
    themes = check_vocab(root, "themes", "theme", THEMES)
    pillars = check_vocab(root, "pillars", "pillar", PILLARS)
    types = check_vocab(root, "types", "type", TYPES)
    audiences = check_vocab(root, "audiences", "audience", AUDIENCES)

    countries = {}
    for c in root.find(NS + "countries").findall(NS + "country"):
        code = c.get("code")
        if code in countries:
            err(f"duplicate country {code}")
        if not (code and len(code) == 2 and code.isupper() and code.isalpha()):
            err(f"bad country code {code!r}")
        if c.get("region") not in REGIONS:
            err(f"country {code}: bad region {c.get('region')!r}")
        check_labels(c, "name", f"country {code}")
        n = c.find(NS + "neighbours")
        countries[code] = (c.get("region"), (n.text or "").split() if n is not None else [])
    if len(countries) != 249:
        err(f"{len(countries)} countries, expected 249")
    try:
        import json
        with open("/usr/share/iso-codes/json/iso_3166-1.json", encoding="utf-8") as f:
            iso = {e["alpha_2"] for e in json.load(f)["3166-1"]}
        if iso != set(countries):
            err(f"country codes differ from iso-codes: missing {sorted(iso - set(countries))}, "
                f"extra {sorted(set(countries) - iso)}")
    except OSError:
        print("note: iso-codes not installed, skipping the comparison with ISO 3166-1", file=sys.stderr)
    if any(r == "global" for r, _ in countries.values()):
        err("region 'global' must have no countries")

    pairs = 0
    for code, (_, neigh) in countries.items():
        if len(neigh) != len(set(neigh)):
            err(f"country {code}: duplicate neighbours")
        for n in neigh:
            if n == code:
                err(f"country {code}: lists itself as neighbour")
            elif n not in countries:
                err(f"country {code}: neighbour {n} undefined")
            elif code not in countries[n][1]:
                err(f"neighbours not symmetric: {code} lists {n}, {n} does not list {code}")
            pairs += 1

    orgs = []
    for o in root.find(NS + "organisations").findall(NS + "organisation"):
        oid = o.get("id")
        orgs.append(oid)
        if not o.get("acronym"):
            err(f"organisation {oid}: no acronym")
        check_labels(o, "label", f"organisation {oid}")
        m = o.find(NS + "members")
        members = (m.text or "").split() if m is not None else []
        if not members:
            err(f"organisation {oid}: no members")
        for code in members:
            if code not in countries:
                err(f"organisation {oid}: member {code} undefined")
        if len(members) != len(set(members)):
            err(f"organisation {oid}: duplicate members")
    if len(orgs) != len(set(orgs)):
        err("duplicate organisation ids")
    for oid in REQUIRED_ORGS:
        if oid not in orgs:
            err(f"organisation {oid} missing")

    terms = []
    for t in root.find(NS + "glossary").findall(NS + "term"):
        tid = t.get("id")
        terms.append(tid)
        forms = t.findall(NS + "form")
        if not forms:
            err(f"term {tid}: no forms")
        for f in forms:
            if not f.get("lang") or not (f.text or "").strip():
                err(f"term {tid}: form without lang or text")
    if len(terms) != len(set(terms)):
        err("duplicate glossary term ids")
    if len(terms) < 50:
        err(f"{len(terms)} glossary terms, expected >= 50")
    for tid in REQUIRED_TERMS:
        if tid not in terms:
            err(f"glossary term {tid} missing")

    # All ids across vocabularies unique within their kind (checked above); facet ids must not clash
    # with each other inside one kind only, so nothing more to do.
    by_region = {}
    for r, _ in countries.values():
        by_region[r] = by_region.get(r, 0) + 1
    print(f"{path}: {len(countries)} countries ({', '.join(f'{r} {by_region.get(r, 0)}' for r in REGIONS)}), "
          f"{pairs // 2} neighbour pairs, {len(regions)} regions, {len(themes)} themes, {len(pillars)} pillars, "
          f"{len(types)} types, {len(audiences)} audiences, {len(langs)} languages, {len(orgs)} organisations, "
          f"{len(terms)} glossary terms")
    for e in errors:
        print("error: " + e, file=sys.stderr)
    print("OK" if not errors else f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
