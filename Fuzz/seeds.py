#!/usr/bin/env python3
"""Writes the seed corpora in Fuzz/Corpus/ from the repository's own inputs:
the hostile fixtures, the Library, the example notebooks, and the statements
of the help examples, the README and the hostile-statement tests. Run it
again after those change: `python3 Fuzz/seeds.py`."""
import glob, hashlib, os, re, zipfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "Fuzz", "Corpus")
LIMIT = 4096  # libFuzzer's default -max_len; larger seeds are cut


def write(kind, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = data[:LIMIT]
    d = os.path.join(out, kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


def read(path):
    with open(os.path.join(root, path), "rb") as f:
        return f.read()


# CSV: hostile files, the Library, the example CSV, the format fixtures.
for p in sorted(glob.glob(os.path.join(root, "Tests/Fixtures/hostile/*.csv")) +
                glob.glob(os.path.join(root, "Library/*.csv")) +
                glob.glob(os.path.join(root, "Notebooks/*.csv")) +
                glob.glob(os.path.join(root, "Tests/Fixtures/formats/*.csv"))):
    write("csv", read(p))
for s in ['a,b\n"x\ny",2\n', 'a;b\n1,5;2\n', 'a\tb\r\n1\t2\r\n', 'x|y\n"q""uote"|\n', 'a,b\n1,\n,2\n', "n\n0599\n12\n",
          "d\n2024-02-29\n2023-02-29\n", "b\nTRUE\nfalse\n", "f\n1e-05\n-0.25e3\n", 'a,b\n5" screen,2\n"x,3\n']:
    write("csv", s)

# JSON: the hostile files, the format fixtures, small documents.
for p in sorted(glob.glob(os.path.join(root, "Tests/Fixtures/hostile/*.json")) +
                glob.glob(os.path.join(root, "Tests/Fixtures/formats/*.json"))):
    write("json", read(p))
for s in ['[{"a":1,"b":"x"},{"a":2.5,"b":null}]', '[{"a":{"b":[1,2]}},{"c":true}]', '[]', '[{}]',
          '[{"d":"2024-02-29","e":"\\u00e9\\ud83d\\ude00"}]', '[{"n":1e400},{"n":-0}]', '{"a":1}', '[1,2]']:
    write("json", s)

# XML (fuzz-xml): the parts of the xlsx fixture and small documents; the
# first byte of an input sets the chunk size (1 + byte % 64).
for p in sorted(glob.glob(os.path.join(root, "Tests/Fixtures/formats/*.xlsx"))):
    with zipfile.ZipFile(p) as z:
        for name in sorted(z.namelist()):
            if name.endswith(".xml") or name.endswith(".rels"):
                write("xml", bytes([len(name) % 64]) + z.read(name))
for k, s in enumerate(['<?xml version="1.0"?><a x="1" y=\'2\'>t &amp; &#233;<b/><![CDATA[<c>]]><!-- c --></a>',
                       '\ufeff<!DOCTYPE a [<!ENTITY e "x">]><x:a xmlns:x="u">\r\n<x:b r:id="q\tr"/></x:a>',
                       '<a><b></a>', '<a>&nbsp;</a>', '<sst><si><r><t>rich</t></r><rPh><t>ph</t></rPh></si></sst>']):
    write("xml", bytes([k * 7]) + s.encode("utf-8"))

# Notebooks: the examples (cut to the size limit, and their first cells), the hostile ones, the format tests' cases.
for p in sorted(glob.glob(os.path.join(root, "Tests/Fixtures/hostile/*.md"))):
    if not p.endswith("README.md"):
        write("notebook", read(p))
for p in sorted(glob.glob(os.path.join(root, "Notebooks/*.md"))):
    text = read(p)
    write("notebook", text)
    write("notebook", text[:1200])
header = "---\nwerkbank: 1\n---\n"
for s in [header, header + "Prose.\n\n```werkbank\ncases | count\n```\n\n```output\ncount\n7\n```\n",
          "\ufeff---\r\nwerkbank: 1\r\ntitle: 'it''s'\r\n---\r\n```werkbank\r\ncases\r\n```\r\n",
          header + "  ````werkbank\n  cases\n  ````\n\n~~~ output\nx\n~~~\n\n```python\nprint(1)\n```\n",
          "---\nwerkbank: 1\nversion: 0.1.0\ndatasets:\n  - name: cases\n    sha256: " + "a" * 64 + "\n  - file: \"x.csv\"\n    sha256: " + "b" * 64 + "\n---\n",
          header + "```werkbank\ncases\n```\n```output\n1\n```\n```output\n2\n```\n", header + "~~~python\nprint(1)\n"]:
    write("notebook", s)

# Statements: help examples, the README's, the hostile tests' (short ones), the language doc's code.
statements = set()
for p in glob.glob(os.path.join(root, "Sources/WerkbankLanguage/**/*.swift"), recursive=True):
    for m in re.finditer(r'Example\(\s*"((?:[^"\\]|\\.)*)"', read(p).decode()):
        statements.add(m.group(1).encode().decode("unicode_escape"))
for line in read("README.md").decode().splitlines():
    if line.startswith("werkbank> "):
        statements.add(line[len("werkbank> "):])
for m in re.finditer(r'\(\s*"((?:[^"\\\n]|\\.)*)"\s*,\s*"', read("Tests/WerkbankTests/Reliability/HostileInputTests.swift").decode()):
    statements.add(m.group(1).encode().decode("unicode_escape"))
for s in ["help", "help where", "datasets", "describe cases", "set format json", "set rows 3; cases",
          "let x = cases | select name; x | join cases on name", "version", "cases | chart hist founded bins=3",
          "cases | summarize n = count() by city | sort -n | card", "cases |\n  where founded > 2015\n  | count",
          "cases | select `odd name` = name ?? \"-\", founded // 10 % 3",
          # fuzz-language copies these files into the folder it loads from
          'load "w.csv" as w; w | count', 'load "cbs.csv" as c; describe c', 'load "g.xlsx" sheet=1 | take 2',
          'load "p.geojson" | select naam', 'load "r.json"', 'load "w.csv" delimiter=";" decimal="," encoding="latin1" header=true',
          'load "cases.csv" types="founded:int,name:string" null="." skip=0 | count']:
    statements.add(s)
for s in sorted(statements):
    if s and "/" not in s and "\\(" not in s:
        write("language", s)

# A dictionary of the language's words for the statement fuzzer (libFuzzer -dict).
words = set()
for p in glob.glob(os.path.join(root, "Sources/WerkbankLanguage/**/*.swift"), recursive=True):
    text = read(p).decode()
    words.update(re.findall(r'"([a-z_]+)",\s*(?:syntax: )?"\1[ (]', text))
    words.update(re.findall(r'name: "([a-z_]+)", syntax', text))
words.update(["as", "by", "on", "and", "or", "not", "is", "null", "true", "false", "desc", "asc", "left", "anti", "quit",
              "bins=", "seed=", "width=", "format", "rows", "csv", "json", "jsonl", "markdown", "table", "bar", "hist",
              "line", "scatter", "datasets", "card", "version", "cases", "collectives", "terreinen", "figures", "timeline",
              "name", "city", "founded", "entrepreneurs", "operator", "id", "|", "??", "//", "==", "!=", "<=", ">=",
              "\"", "`", "(", ")", "[", "]", ";", "\n", "1e308", "9223372036854775807", "-9223372036854775808",
              "\"2024-02-29\"", "\"w.csv\"", "\"cases.csv\"", "\"cbs.csv\"", "\"g.xlsx\"", "\"p.geojson\"", "\"r.json\"",
              "types=", "null=", "skip=", "sheet=", "delimiter=", "decimal=", "header=", "encoding=", ":int", ":float",
              ":date", ":bool", ":string"])
with open(os.path.join(root, "Fuzz", "language.dict"), "w") as f:
    f.write("# Words of the werkbank language, for fuzz-language (written by seeds.py).\n")
    for w in sorted(words):
        f.write('"' + "".join("\\" + c if c in '"\\' else c if " " <= c <= "~" else "\\x%02X" % ord(c) for c in w) + '"\n')
