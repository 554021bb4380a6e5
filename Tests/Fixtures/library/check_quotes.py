#!/usr/bin/env python3
"""Checks Tests/Fixtures/library/case_facts.json against the Library.

Every quote must occur verbatim (byte for byte) in its seed file in
Library/seeds/ -- verified both in Python and with `grep -F` -- and must not
span lines; every value must equal the cell in Library/cases.csv.
Run from anywhere: python3 Tests/Fixtures/library/check_quotes.py
"""
import csv, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SEEDS = os.path.join(ROOT, "Library", "seeds")
facts = json.load(open(os.path.join(HERE, "case_facts.json"), encoding="utf-8"))
cases = {r["id"]: r for r in csv.DictReader(open(os.path.join(ROOT, "Library", "cases.csv"), encoding="utf-8", newline=""))}

errors = []
for i, f in enumerate(facts):
    tag = f"#{i} {f.get('case_id')}.{f.get('column')}"
    if set(f) != {"case_id", "column", "value", "seed", "quote"}:
        errors.append(f"{tag}: keys {sorted(f)}")
        continue
    path = os.path.join(SEEDS, f["seed"])
    if not os.path.isfile(path):
        errors.append(f"{tag}: seed {f['seed']} missing"); continue
    text = open(path, encoding="utf-8").read()
    q = f["quote"]
    if not q or "\n" in q or "\r" in q:
        errors.append(f"{tag}: quote empty or multi-line")
    if q not in text:
        errors.append(f"{tag}: quote not in seed (python): {q!r}")
    if subprocess.run(["grep", "-qF", "--", q, path]).returncode != 0:
        errors.append(f"{tag}: quote not in seed (grep -F): {q!r}")
    row = cases.get(f["case_id"])
    if row is None:
        errors.append(f"{tag}: case id not in cases.csv")
    elif f["column"] not in row:
        errors.append(f"{tag}: column not in cases.csv")
    elif row[f["column"]] != f["value"]:
        errors.append(f"{tag}: value {f['value']!r} != cases.csv {row[f['column']]!r}")
    elif f["value"] == "":
        errors.append(f"{tag}: empty value (a fact should not be null)")
    elif f["seed"] not in row["source"]:
        errors.append(f"{tag}: cases.csv source does not name {f['seed']}")

print(f"{len(facts)} facts, {len(errors)} errors")
for e in errors:
    print("  " + e)
sys.exit(1 if errors else 0)
