#!/usr/bin/env python3
"""The seven benchmark queries, and the child processes that run them in the peers.

Used by `Benchmarks/run`; each invocation is one whole new process:

  python3 peers.py e2e   TOOL QID DIR        # read DIR/e.csv (and DIR/p.csv) from disk, answer QID, print CSV
  python3 peers.py inmem TOOL DIR REPS       # load once, run every query REPS+1 times, print JSON timings

TOOL is duckdb, polars or pandas. The werkbank and sqlite3 forms of the queries live here
too so that every tool's text of a query sits side by side. The queries are the ones in
../shared/bench/QUERIES.md.

Only the standard library is imported at the top: the peer's library is imported inside
the function that uses it, so its import time is part of the measured process.
"""
import csv
import json
import sys
import time

QIDS = ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7"]

TITLES = {
    "Q1": "filter + count",
    "Q2": "group, 3 aggregates",
    "Q3": "two-key group, top 10",
    "Q4": "top-k rows",
    "Q5": "join + group",
    "Q6": "distinct count per group",
    "Q7": "string predicates",
}

# werkbank: the pipeline after the source. End-to-end the source is `load "e.csv"`; in memory
# it is the loaded table `e`. Q5 also needs `load "p.csv" as parks` first.
WERKBANK = {
    "Q1": 'where provincie == "Zuid-Holland" and employees > 10 | count',
    "Q2": "summarize n = count(), s = sum(employees), a = avg(rent_eur_m2) by provincie",
    "Q3": "summarize n = count() by gemeente, sector | sort n desc, gemeente, sector | take 10",
    "Q4": "top 10 by rent_eur_m2 | select id, rent_eur_m2",
    "Q5": "join parks on terrein | summarize n = count(), avg_emp = avg(employees) by type",
    "Q6": "summarize parks = count_distinct(terrein) by provincie",
    "Q7": 'where starts_with(gemeente, "Zuid") or contains(terrein, "-00") | count',
}

# SQL as DuckDB runs it (the reference answer).
SQL = {
    "Q1": "select count(*) from e where provincie = 'Zuid-Holland' and employees > 10",
    "Q2": "select provincie, count(*), sum(employees), avg(rent_eur_m2) from e group by provincie order by provincie",
    "Q3": "select gemeente, sector, count(*) n from e group by all order by n desc, gemeente, sector limit 10",
    "Q4": "select id, rent_eur_m2 from e order by rent_eur_m2 desc, id limit 10",
    "Q5": "select type, count(*), avg(employees) from e join p using (terrein) group by type order by type",
    "Q6": "select provincie, count(distinct terrein) from e group by provincie order by provincie",
    "Q7": "select count(*) from e where starts_with(gemeente, 'Zuid') or contains(terrein, '-00')",
}

# SQL as sqlite3 runs it: the view `v` turns the empty employees fields, which .import stores
# as '', into nulls; sqlite has no starts_with/contains and no `group by all`.
SQLITE = {
    "Q1": "select count(*) from v where provincie = 'Zuid-Holland' and employees > 10",
    "Q2": "select provincie, count(*), sum(employees), avg(rent_eur_m2) from v group by provincie order by provincie",
    "Q3": "select gemeente, sector, count(*) n from v group by gemeente, sector order by n desc, gemeente, sector limit 10",
    "Q4": "select id, rent_eur_m2 from v order by rent_eur_m2 desc, id limit 10",
    "Q5": "select type, count(*), avg(employees) from v join p using (terrein) group by type order by type",
    "Q6": "select provincie, count(distinct terrein) from v group by provincie order by provincie",
    "Q7": "select count(*) from v where substr(gemeente, 1, 4) = 'Zuid' or instr(terrein, '-00') > 0",
}

SQLITE_SCHEMA = """\
create table e(id integer, terrein text, gemeente text, provincie text, sector text,
               employees integer, founded integer, area_m2 real, rent_eur_m2 real,
               collective text, opened text);
create table p(terrein text, hectares real, type text, provincie text);
create view v as select id, terrein, gemeente, provincie, sector, nullif(employees, '') as employees,
                        founded, area_m2, rent_eur_m2, collective, opened from e;
"""

# Whether the result's row order is part of the answer (ORDER BY with a full, tie-free key,
# or LIMIT). The others are compared as sorted rows.
ORDERED = {"Q1": True, "Q2": False, "Q3": True, "Q4": True, "Q5": False, "Q6": False, "Q7": True}

# Columns each query reads, for pandas' usecols (Polars' and DuckDB's readers find them alone).
COLUMNS = {
    "Q1": ["provincie", "employees"],
    "Q2": ["provincie", "employees", "rent_eur_m2"],
    "Q3": ["gemeente", "sector"],
    "Q4": ["id", "rent_eur_m2"],
    "Q5": ["terrein", "employees"],
    "Q6": ["provincie", "terrein"],
    "Q7": ["gemeente", "terrein"],
}


def write_rows(rows, out=sys.stdout):
    w = csv.writer(out, lineterminator="\n")
    for r in rows:
        w.writerow(["" if v is None else repr(v) if isinstance(v, float) else v for v in r])


def timed(load, run, reps):
    """Milliseconds: `load()` once, then `run(state, qid)` for each query, reps times after
    one warm-up. `load` returns the state the queries run on."""
    t = time.perf_counter()
    state = load()
    out = {"load_ms": (time.perf_counter() - t) * 1000}
    for q in QIDS:
        ms = []
        for _ in range(reps + 1):
            t = time.perf_counter()
            run(state, q)
            ms.append((time.perf_counter() - t) * 1000)
        out[q] = ms[1:]
    return out


# ---- DuckDB ---------------------------------------------------------------------------------

def duckdb_connect():
    import duckdb
    con = duckdb.connect(":memory:")
    con.execute("set threads = 2")
    return con


def duckdb_e2e(qid, d):
    con = duckdb_connect()
    con.execute(f"create view e as select * from read_csv('{d}/e.csv')")
    con.execute(f"create view p as select * from read_csv('{d}/p.csv')")
    write_rows(con.execute(SQL[qid]).fetchall())


def duckdb_inmem(d, reps):
    import duckdb  # noqa: F401  (the import is not part of the load)

    def load():
        con = duckdb_connect()
        con.execute(f"create table e as select * from read_csv('{d}/e.csv')")
        con.execute(f"create table p as select * from read_csv('{d}/p.csv')")
        return con
    return timed(load, lambda con, q: con.execute(SQL[q]).fetchall(), reps)


# ---- Polars ---------------------------------------------------------------------------------

def polars_query(qid, e, p):
    import polars as pl
    c = pl.col
    if qid == "Q1":
        return e.filter((c("provincie") == "Zuid-Holland") & (c("employees") > 10)).select(pl.len())
    if qid == "Q2":
        return (e.group_by("provincie")
                .agg(n=pl.len(), s=c("employees").sum(), a=c("rent_eur_m2").mean())
                .sort("provincie"))
    if qid == "Q3":
        return (e.group_by("gemeente", "sector").agg(n=pl.len())
                .sort(["n", "gemeente", "sector"], descending=[True, False, False]).head(10))
    if qid == "Q4":
        return (e.sort(["rent_eur_m2", "id"], descending=[True, False]).head(10)
                .select("id", "rent_eur_m2"))
    if qid == "Q5":
        return (e.join(p.select("terrein", "type"), on="terrein")
                .group_by("type").agg(n=pl.len(), avg_emp=c("employees").mean()).sort("type"))
    if qid == "Q6":
        return e.group_by("provincie").agg(parks=c("terrein").n_unique()).sort("provincie")
    if qid == "Q7":
        return (e.filter(c("gemeente").str.starts_with("Zuid")
                         | c("terrein").str.contains("-00", literal=True)).select(pl.len()))
    raise KeyError(qid)


def polars_e2e(qid, d):
    import polars as pl
    r = polars_query(qid, pl.scan_csv(f"{d}/e.csv"), pl.scan_csv(f"{d}/p.csv")).collect()
    write_rows(r.rows())


def polars_inmem(d, reps):
    import polars as pl
    return timed(lambda: (pl.read_csv(f"{d}/e.csv"), pl.read_csv(f"{d}/p.csv")),
                 lambda ep, q: polars_query(q, ep[0].lazy(), ep[1].lazy()).collect(), reps)


# ---- pandas ---------------------------------------------------------------------------------

def pandas_query(qid, e, p):
    import pandas as pd
    if qid == "Q1":
        return [[int(((e["provincie"] == "Zuid-Holland") & (e["employees"] > 10)).sum())]]
    if qid == "Q2":
        g = e.groupby("provincie").agg(n=("provincie", "size"), s=("employees", "sum"),
                                       a=("rent_eur_m2", "mean")).reset_index()
        return g.sort_values("provincie").itertuples(index=False)
    if qid == "Q3":
        g = e.groupby(["gemeente", "sector"]).size().reset_index(name="n")
        g = g.sort_values(["n", "gemeente", "sector"], ascending=[False, True, True]).head(10)
        return g.itertuples(index=False)
    if qid == "Q4":
        r = e.sort_values(["rent_eur_m2", "id"], ascending=[False, True]).head(10)
        return r[["id", "rent_eur_m2"]].itertuples(index=False)
    if qid == "Q5":
        j = e.merge(p[["terrein", "type"]], on="terrein")
        g = j.groupby("type").agg(n=("type", "size"), avg_emp=("employees", "mean")).reset_index()
        return g.sort_values("type").itertuples(index=False)
    if qid == "Q6":
        g = e.groupby("provincie")["terrein"].nunique().reset_index()
        return g.sort_values("provincie").itertuples(index=False)
    if qid == "Q7":
        m = e["gemeente"].str.startswith("Zuid") | e["terrein"].str.contains("-00", regex=False)
        return [[int(m.sum())]]
    raise KeyError(qid)


def plain(v):
    """numpy scalars to Python values, so that the CSV reads like the other tools'."""
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and v != v:
        return None
    return v


def pandas_e2e(qid, d):
    import pandas as pd
    e = pd.read_csv(f"{d}/e.csv", usecols=COLUMNS[qid])
    p = pd.read_csv(f"{d}/p.csv") if qid == "Q5" else None
    write_rows([plain(v) for v in r] for r in pandas_query(qid, e, p))


def pandas_inmem(d, reps):
    import pandas as pd
    return timed(lambda: (pd.read_csv(f"{d}/e.csv"), pd.read_csv(f"{d}/p.csv")),
                 lambda ep, q: list(pandas_query(q, ep[0], ep[1])), reps)


def versions():
    v = {}
    for name in ("duckdb", "polars", "pandas"):
        try:
            v[name] = __import__(name).__version__
        except Exception:
            v[name] = None
    return v


def main(argv):
    mode = argv[1]
    if mode == "e2e":
        tool, qid, d = argv[2], argv[3], argv[4]
        {"duckdb": duckdb_e2e, "polars": polars_e2e, "pandas": pandas_e2e}[tool](qid, d)
    elif mode == "inmem":
        tool, d, reps = argv[2], argv[3], int(argv[4])
        f = {"duckdb": duckdb_inmem, "polars": polars_inmem, "pandas": pandas_inmem}[tool]
        json.dump(f(d, reps), sys.stdout)
    elif mode == "versions":
        json.dump(versions(), sys.stdout)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv)
