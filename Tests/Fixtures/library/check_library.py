#!/usr/bin/env python3
"""Validates Library/*.csv against Library/library.json.

- manifest shape, table order, allowed types
- each CSV: UTF-8 without BOM, LF only, parses with csv, header == manifest columns
- minimal quoting (a field is quoted only if it holds a comma, quote or newline)
- int/float/bool/date columns parse; ids unique
- cases.operator -> collectives.id; timeline.subject_id -> cases.id or collectives.id
- timeline ordered by year, date (if any) ISO and in that year
- every row has a source naming a file in Library/seeds/; sources.id == seed files
Run: python3 Tests/Fixtures/library/check_library.py
"""
import csv, io, json, os, re, sys, datetime

HERE = os.path.dirname(os.path.abspath(__file__))
LIB = os.path.normpath(os.path.join(HERE, "..", "..", "..", "Library"))
SEEDS = sorted(os.listdir(os.path.join(LIB, "seeds")))
ORDER = ["cases", "collectives", "terreinen", "figures", "timeline", "ladder", "roles", "forms", "partners", "sources"]
TYPES = {"int", "float", "string", "bool", "date"}
KEYS = {"cases": "id", "collectives": "id", "terreinen": "id", "figures": "id", "ladder": "step",
        "roles": "role", "forms": "name", "partners": "name", "sources": "id"}
errors = []
def err(m): errors.append(m)

man = json.load(open(os.path.join(LIB, "library.json"), encoding="utf-8"))
if set(man) != {"version", "tables"} or man["version"] != 1: err("manifest top-level shape")
if [t["name"] for t in man["tables"]] != ORDER: err(f"table order {[t['name'] for t in man['tables']]}")
data = {}
for t in man["tables"]:
    n = t["name"]
    if set(t) != {"name", "file", "title", "description", "sources", "columns"}: err(f"{n}: manifest keys {sorted(t)}")
    if t["file"] != f"{n}.csv": err(f"{n}: file {t['file']}")
    for s in t["sources"]:
        if s not in SEEDS: err(f"{n}: manifest source {s} not in seeds/")
    for c in t["columns"]:
        if set(c) != {"name", "type", "unit", "description"}: err(f"{n}.{c.get('name')}: column keys")
        if c["type"] not in TYPES: err(f"{n}.{c['name']}: type {c['type']}")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", c["name"]): err(f"{n}.{c['name']}: not snake_case")
        if not c["description"]: err(f"{n}.{c['name']}: no description")
    raw = open(os.path.join(LIB, t["file"]), "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"): err(f"{n}: BOM")
    if b"\r" in raw: err(f"{n}: CR found")
    if not raw.endswith(b"\n"): err(f"{n}: no final LF")
    text = raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    cols = [c["name"] for c in t["columns"]]
    if header != cols: err(f"{n}: header {header} != manifest {cols}")
    # minimal quoting: re-serialise and compare byte for byte
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    if buf.getvalue() != text: err(f"{n}: not minimally quoted RFC 4180 / LF")
    recs = []
    for i, r in enumerate(body, 2):
        if len(r) != len(cols): err(f"{n}:{i}: {len(r)} fields"); continue
        rec = dict(zip(cols, r))
        for c in t["columns"]:
            v = rec[c["name"]]
            if v == "": continue
            if v != v.strip(): err(f"{n}:{i}.{c['name']}: surrounding whitespace")
            try:
                if c["type"] == "int":
                    if not re.fullmatch(r"-?\d+", v): raise ValueError
                elif c["type"] == "float":
                    if not re.fullmatch(r"-?\d+(\.\d+)?", v): raise ValueError
                elif c["type"] == "bool":
                    if v not in ("true", "false"): raise ValueError
                elif c["type"] == "date":
                    datetime.date.fromisoformat(v)
                    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v): raise ValueError
            except ValueError:
                err(f"{n}:{i}.{c['name']}: {v!r} is not {c['type']}")
        src = rec.get("source", "")
        if not src: err(f"{n}:{i}: empty source")
        elif not any(re.match(re.escape(s) + r"($|[,;])", src) for s in SEEDS):
            err(f"{n}:{i}: source does not start with a seed file: {src!r}")
        for part in re.findall(r"\b[\w.-]+\.(?:txt|md)\b", src):
            if part not in SEEDS: err(f"{n}:{i}: source names unknown file {part}")
        recs.append(rec)
    data[n] = recs
    key = KEYS.get(n)
    if key is None: continue
    vals = [r[key] for r in recs]
    if len(vals) != len(set(vals)) or "" in vals: err(f"{n}: key {key} not unique/non-empty")
    if key == "id":
        for v in vals:
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", v) and n != "sources": err(f"{n}: id {v!r} not kebab-case")

coll = {r["id"] for r in data["collectives"]}
case = {r["id"] for r in data["cases"]}
if case & coll: err(f"ids shared by cases and collectives: {case & coll}")
for r in data["cases"]:
    if r["operator"] and r["operator"] not in coll: err(f"cases.{r['id']}: operator {r['operator']} unresolved")
    if r["role"] not in ("primary", "comparison", "inspiration"): err(f"cases.{r['id']}: role")
    if r["level"] not in ("building", "area"): err(f"cases.{r['id']}: level")
years = []
for r in data["timeline"]:
    if r["subject_id"] not in case | coll: err(f"timeline: subject {r['subject_id']} unresolved")
    if not r["year"]: err("timeline: empty year")
    years.append(int(r["year"]))
    if r["date"] and not r["date"].startswith(r["year"] + "-"): err(f"timeline: date {r['date']} not in {r['year']}")
if years != sorted(years): err("timeline not ordered by year")
if sorted(r["id"] for r in data["sources"]) != SEEDS: err("sources.id != files in seeds/")
for r in data["sources"]:
    if not r["source"].startswith(r["id"]): err(f"sources.{r['id']}: source is not the file itself")

for n in ORDER: print(f"{n:12s} {len(data.get(n, []))} rows")
print(f"{len(errors)} errors")
for e in errors: print("  " + e)
sys.exit(1 if errors else 0)
