#!/usr/bin/env python3
"""Regenerates the expected outputs of the conformance corpus from DuckDB.

    python3 Tests/Conformance/generate.py           # rewrite every .test file
    python3 Tests/Conformance/generate.py --check   # exit 1 if a file is out of date
    python3 Tests/Conformance/generate.py FILE ...  # only these files

For every `source duckdb` case it loads the file's inline tables into a fresh
in-memory DuckDB (one connection per file, one thread, so the answers do not
depend on the machine), runs the case's SQL and writes the result below `----`
in werkbank's CSV output form (see README.md). `source spec` cases are written
by hand and left alone. A duckdb case that expects `error: ...` is checked to
fail in DuckDB too; its hand-written message substring is kept.

The file format is described in README.md; the Swift runner
(Tests/WerkbankTests/Conformance) parses the same format.
"""
import datetime
import math
import os
import re
import sys

import duckdb

HERE = os.path.dirname(os.path.abspath(__file__))

SQL_TYPES = {"int": "BIGINT", "float": "DOUBLE", "string": "VARCHAR", "bool": "BOOLEAN", "date": "DATE"}

# DuckDB result types and the werkbank type each one stands for. Anything else
# (DECIMAL, TIMESTAMP, ...) is refused: the SQL must cast to one of these, so
# an int/float mix-up cannot slip into an expected output.
DUCKDB_TYPES = {
    "BIGINT": "int", "INTEGER": "int", "SMALLINT": "int", "TINYINT": "int", "HUGEINT": "int",
    "UBIGINT": "int", "UINTEGER": "int", "USMALLINT": "int", "UTINYINT": "int",
    "DOUBLE": "float", "FLOAT": "float",
    "VARCHAR": "string", "BOOLEAN": "bool", "DATE": "date",
}

INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1


class CorpusError(Exception):
    pass


# ---------------------------------------------------------------- the format

def split_fields(line, where):
    """Splits an input-table line into fields: `(text, quoted)` pairs.

    Fields are separated by `,`; spaces around an unquoted field are dropped; a
    field in double quotes is taken exactly, `""` standing for one quote.
    """
    fields, i, n = [], 0, len(line)
    while True:
        while i < n and line[i] in " \t":
            i += 1
        if i < n and line[i] == '"':
            i += 1
            buf = []
            while True:
                if i >= n:
                    raise CorpusError(f"{where}: unterminated quote")
                if line[i] == '"':
                    if i + 1 < n and line[i + 1] == '"':
                        buf.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                buf.append(line[i])
                i += 1
            while i < n and line[i] in " \t":
                i += 1
            fields.append(("".join(buf), True))
        else:
            j = line.find(",", i)
            j = n if j < 0 else j
            fields.append((line[i:j].rstrip(" \t"), False))
            i = j
        if i >= n:
            return fields
        if line[i] != ",":
            raise CorpusError(f"{where}: text after a closing quote")
        i += 1


def parse_header(line, where):
    cols = []
    for text, _ in split_fields(line, where):
        name, sep, typ = text.rpartition(":")
        if not sep or typ not in SQL_TYPES or not name:
            raise CorpusError(f"{where}: header field {text!r} is not name:type (int, float, string, bool, date)")
        cols.append((name, typ))
    return cols


def parse_value(text, quoted, typ, where):
    if not quoted and text == "null":
        return None
    if typ == "string":
        if not quoted and text == "":
            raise CorpusError(f"{where}: an empty field; write null or \"\"")
        return text
    if quoted:
        raise CorpusError(f"{where}: only strings may be quoted")
    try:
        if typ == "int":
            if not re.fullmatch(r"-?[0-9]+", text):
                raise ValueError
            v = int(text)
            if not INT64_MIN <= v <= INT64_MAX:
                raise ValueError
            return v
        if typ == "float":
            if text in ("NaN", "inf", "-inf"):
                return float(text)
            if not re.fullmatch(r"-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?", text):
                raise ValueError
            return float(text)
        if typ == "bool":
            return {"true": True, "false": False}[text]
        if typ == "date":
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                raise ValueError
            return datetime.date.fromisoformat(text)
    except (ValueError, KeyError):
        raise CorpusError(f"{where}: {text!r} is not a {typ}") from None
    raise CorpusError(f"{where}: unknown type {typ}")


def csv_records(lines, start, count, where):
    """`count` CSV records from lines[start:], a quoted field may span lines.
    Returns the index after them."""
    i = start
    for _ in range(count):
        quotes = 0
        while True:
            if i >= len(lines):
                raise CorpusError(f"{where}: the expected output has fewer rows than the `----` line says")
            quotes += lines[i].count('"')
            i += 1
            if quotes % 2 == 0:
                break
    return i


class Table:
    def __init__(self, name, columns, rows, line):
        self.name, self.columns, self.rows, self.line = name, columns, rows, line


class Case:
    def __init__(self, name, line):
        self.name, self.line = name, line
        self.source = None          # "duckdb" or "spec: ..."
        self.pipeline = []
        self.sql = []
        self.expected_start = None  # index of the `----` line
        self.expected_end = None    # index after the expected block


def parse(path):
    """The tables and cases of a .test file, with line positions."""
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    if "\r" in text:
        raise CorpusError(f"{path}: CR line endings")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    tables, cases, i = [], [], 0
    rel = os.path.relpath(path, HERE)
    while i < len(lines):
        line = lines[i]
        where = f"{rel}:{i + 1}"
        if line.strip() == "" or line.startswith("#"):
            i += 1
            continue
        if line.startswith("table "):
            name = line[6:].strip()
            if i + 1 >= len(lines):
                raise CorpusError(f"{where}: table without a header")
            columns = parse_header(lines[i + 1], f"{rel}:{i + 2}")
            rows, j = [], i + 2
            while j < len(lines) and lines[j].strip() != "":
                fields = split_fields(lines[j], f"{rel}:{j + 1}")
                if len(fields) != len(columns):
                    raise CorpusError(f"{rel}:{j + 1}: {len(fields)} fields, the header has {len(columns)}")
                rows.append([parse_value(t, q, typ, f"{rel}:{j + 1}") for (t, q), (_, typ) in zip(fields, columns)])
                j += 1
            tables.append(Table(name, columns, rows, i + 1))
            i = j
            continue
        if line.startswith("case "):
            case = Case(line[5:].strip(), i + 1)
            if not re.fullmatch(r"[A-Za-z0-9_]+", case.name):
                raise CorpusError(f"{where}: a case name is letters, digits and _")
            i += 1
            if i >= len(lines) or not lines[i].startswith("source "):
                raise CorpusError(f"{where}: `source duckdb` or `source spec: ...` must follow `case`")
            case.source = lines[i][7:].strip()
            if case.source != "duckdb" and not case.source.startswith("spec:"):
                raise CorpusError(f"{rel}:{i + 1}: source is `duckdb` or `spec: <the rule>`")
            i += 1
            part = case.pipeline
            while i < len(lines) and not lines[i].startswith("----"):
                if lines[i] == "sql":
                    part = case.sql
                else:
                    part.append(lines[i])
                i += 1
            if i >= len(lines):
                raise CorpusError(f"{where}: case without `----`")
            if not case.pipeline:
                raise CorpusError(f"{where}: case without a pipeline")
            if case.source == "duckdb" and not case.sql:
                raise CorpusError(f"{where}: a duckdb case needs its SQL")
            case.expected_start = i
            sep = lines[i]
            m = re.fullmatch(r"----(?: ([0-9]+) rows?| error: (.+))?", sep)
            if not m:
                raise CorpusError(f"{rel}:{i + 1}: expected `---- N rows` or `---- error: TEXT`")
            if m.group(1) is not None:
                if i + 1 >= len(lines):
                    raise CorpusError(f"{rel}:{i + 1}: the expected output needs a header")
                case.expected_end = csv_records(lines, i + 2, int(m.group(1)), f"{rel}:{i + 1}")
            elif m.group(2) is None and case.source != "duckdb":
                raise CorpusError(f"{rel}:{i + 1}: a spec case needs its expected output")
            else:
                # `---- error: ...`, or a bare `----` that the generator fills in.
                case.expected_end = i + 1
            cases.append(case)
            i = case.expected_end
            continue
        raise CorpusError(f"{where}: expected `table NAME`, `case NAME`, a comment or a blank line")
    return lines, tables, cases


# ------------------------------------------------------------------ output

def needs_quotes(s):
    return s == "" or s[0] == " " or s[-1] == " " or any(c in s for c in ',"\r\n')


def csv_field(s):
    return '"' + s.replace('"', '""') + '"' if needs_quotes(s) else s


def format_value(v, typ, where):
    if v is None:
        return ""
    if typ == "int":
        if isinstance(v, bool) or not isinstance(v, int) or not INT64_MIN <= v <= INT64_MAX:
            raise CorpusError(f"{where}: {v!r} is not a 64-bit int")
        return str(v)
    if typ == "float":
        v = float(v)
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)  # shortest round-trip, the same spelling as Swift's description
    if typ == "bool":
        return "true" if v else "false"
    if typ == "date":
        return v.isoformat()
    return csv_field(v)


def run_duckdb(con, case, where):
    sql = "\n".join(case.sql)
    try:
        rel = con.sql(sql)
        if rel is None:
            raise CorpusError(f"{where}: the SQL returned no result")
        names = rel.columns
        types = [str(t) for t in rel.types]
        rows = rel.fetchall()
    except duckdb.Error as e:
        return None, str(e).splitlines()[0]
    werk = []
    for n, t in zip(names, types):
        if t not in DUCKDB_TYPES:
            raise CorpusError(f"{where}: column {n} is {t} in DuckDB; cast it to BIGINT, DOUBLE, VARCHAR, BOOLEAN or DATE")
        werk.append(DUCKDB_TYPES[t])
    out = [f"---- {len(rows)} {'row' if len(rows) == 1 else 'rows'}",
           ",".join(csv_field(f"{n}:{t}") for n, t in zip(names, werk))]
    for r in rows:
        out.append(",".join(format_value(v, t, where) for v, t in zip(r, werk)))
    # A record may hold a newline: the block is text, split back into lines.
    return "\n".join(out).split("\n"), None


def load_tables(con, tables, rel):
    for t in tables:
        cols = ", ".join(f'"{n}" {SQL_TYPES[typ]}' for n, typ in t.columns)
        try:
            con.execute(f'CREATE TABLE "{t.name}" ({cols})')
        except duckdb.Error as e:
            raise CorpusError(f"{rel}:{t.line}: table {t.name}: {e}") from None
        if t.rows:
            marks = ", ".join("?" for _ in t.columns)
            con.executemany(f'INSERT INTO "{t.name}" VALUES ({marks})', t.rows)


def regenerate(path):
    """The file's new text, and the names of cases whose output changed."""
    lines, tables, cases = parse(path)
    rel = os.path.relpath(path, HERE)
    con = duckdb.connect(":memory:")
    con.execute("SET threads = 1")
    # A case may read a small CSV under data/: paths are relative to this folder.
    con.execute(f"SET file_search_path = '{HERE}'")
    load_tables(con, tables, rel)
    out, pos, changed = [], 0, []
    for case in cases:
        where = f"{rel}:{case.line} ({case.name})"
        out.extend(lines[pos:case.expected_start])
        old = lines[case.expected_start:case.expected_end]
        pos = case.expected_end
        if case.source != "duckdb":
            out.extend(old)
            continue
        block, error = run_duckdb(con, case, where)
        if old[0].startswith("---- error:"):
            if error is None:
                raise CorpusError(f"{where}: expects an error, but DuckDB answered")
            block = old
        elif error is not None:
            raise CorpusError(f"{where}: DuckDB: {error}")
        if block != old:
            changed.append(case.name)
        out.extend(block)
    out.extend(lines[pos:])
    return "\n".join(out) + "\n", changed


def main(argv):
    check = "--check" in argv
    paths = [a for a in argv if a != "--check"]
    if not paths:
        paths = sorted(os.path.join(HERE, f) for f in os.listdir(HERE) if f.endswith(".test"))
    stale, names = [], {}
    for path in paths:
        try:
            text, changed = regenerate(path)
            for case in parse(path)[2]:
                if case.name in names:
                    raise CorpusError(f"case {case.name} is in {names[case.name]} and {os.path.basename(path)}")
                names[case.name] = os.path.basename(path)
        except CorpusError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        with open(path, encoding="utf-8", newline="") as f:
            current = f.read()
        if text == current:
            continue
        if check:
            stale.append(f"{os.path.relpath(path, HERE)}: {', '.join(changed) or 'layout'}")
        else:
            with open(path + ".tmp", "w", encoding="utf-8", newline="") as f:
                f.write(text)
            os.replace(path + ".tmp", path)
            print(f"updated {os.path.relpath(path, HERE)}: {', '.join(changed)}")
    if stale:
        print("out of date (run Tests/Conformance/generate.py):\n  " + "\n  ".join(stale), file=sys.stderr)
        return 1
    print(f"{len(names)} cases in {len(paths)} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
