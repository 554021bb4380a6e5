/// The Python program that holds a Spark session for werkbank
/// (`SparkDriverProcess` writes it into the connection's folder and runs it):
/// werkbank links no Spark client, and pyspark is Spark's own client for both
/// a local Spark and Spark Connect.
enum SparkDriverScript {
    static let source = #"""
# werkbank's Spark driver: one long-lived pyspark session that werkbank
# talks to (Spark starts in seconds, too slow to start for every query).
# Requests come on stdin and replies go to stdout, one JSON object a line;
# everything else Spark or Python prints goes to stderr (a log file).
# Rows travel as files in werkbank's temporary folder: tables sent along as
# JSON lines (one array a row, floats as text), results as CSV.
import datetime, json, math, os, re, shutil, signal, sys, threading

REPLIES = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
os.dup2(2, 1)
sys.stdout = sys.stderr


def reply(obj):
    REPLIES.write(json.dumps(obj) + "\n")
    REPLIES.flush()


def failure(e):
    """An exception as werkbank shows it: Spark's first line (its error
    class and message), and the place in the query when Spark names one."""
    texts = [str(e)]
    getter = getattr(e, "getMessage", None)
    if callable(getter):
        try:
            texts = [getter() or texts[0]]
        except Exception:
            pass
    if type(e).__name__ == "Py4JJavaError":
        # Spark's own error is in the chain of causes (the outer ones say
        # "Exception thrown in awaitResult"); the place may be in another.
        texts, cause = [], e.java_exception
        while cause is not None and len(texts) < 20:
            texts.append(str(cause.getMessage() or cause.toString()))
            cause = cause.getCause()
    classed = [t for t in texts if re.match(r"^\[[A-Z_.]+\]", t)]
    text = classed[-1] if classed else texts[-1]
    place = re.search(r"\(line (\d+), position (\d+)\)", "\n".join(texts + [str(e)]))
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    message = lines[0] if lines else type(e).__name__
    message = re.sub(r"^\[[A-Z_.]+\] ", "", message)
    message = re.sub(r" SQLSTATE: \w+$", "", message)
    # Advice for writers of Spark SQL (try_divide, ANSI settings), not for werkbank's users.
    message = re.sub(r" Use [`']try_\w+[`'].*$", "", message)
    message = re.sub(r" If necessary set .*$", "", message)
    out = {"ok": False, "message": message}
    if place:
        out["line"], out["column"] = int(place.group(1)), int(place.group(2))
    return out


class Cancelled(Exception):
    pass


class Driver:
    def __init__(self, spark, warehouse, remote):
        self.spark = spark
        self.warehouse = warehouse
        self.remote = remote
        self.cancelled = False

    # Local Spark: the warehouse folder is the catalogue, one Parquet folder a table.
    def register_warehouse(self):
        for name in sorted(os.listdir(self.warehouse)):
            path = os.path.join(self.warehouse, name)
            if name.startswith(".") or not os.path.isdir(path):
                continue
            self.spark.sql("CREATE TABLE IF NOT EXISTS %s USING parquet LOCATION %s" % (ident(name), literal(path)))

    def frame(self, sent):
        from pyspark.sql import types as T
        spark_types = {"int": T.LongType(), "float": T.DoubleType(), "string": T.StringType(),
                       "bool": T.BooleanType(), "date": T.DateType()}
        fields = sent["fields"]
        schema = T.StructType([T.StructField(n, spark_types[t], True) for n, t in fields])
        convert = [CONVERT[t] for _, t in fields]
        rows = []
        with open(sent["path"], encoding="utf-8") as f:
            for line in f:
                values = json.loads(line)
                rows.append(tuple(None if v is None else c(v) for c, v in zip(convert, values)))
                if len(rows) & 0xFFF == 0 and self.cancelled:
                    raise Cancelled()
        return self.spark.createDataFrame(rows, schema=schema, verifySchema=False)

    def query(self, req):
        views = []
        try:
            for sent in req.get("send", []):
                self.frame(sent).createOrReplaceTempView(sent["name"])
                views.append(sent["name"])
            df = self.spark.sql(req["sql"])
            n = 0
            with open(req["out"], "w", encoding="utf-8", newline="") as f:
                f.write(",".join(csv_text(c) for c in df.columns) + "\n")
                for row in df.toLocalIterator():
                    f.write(",".join(csv_value(v) for v in row) + "\n")
                    n += 1
                    if n & 0xFFF == 0 and self.cancelled:
                        raise Cancelled()
            return {"ok": True, "rows": n}
        finally:
            for v in views:
                try:
                    self.spark.catalog.dropTempView(v)
                except Exception:
                    pass

    def tables(self, req):
        spark = self.spark
        out = []
        database = spark.catalog.currentDatabase()
        for t in spark.catalog.listTables(database):
            if t.isTemporary:
                continue
            qualified = ident(database) + "." + ident(t.name)
            columns = [[c.name, c.dataType] for c in spark.catalog.listColumns(t.name, database)]
            view = (t.tableType or "").upper() == "VIEW"
            rows = None if view else spark.sql("SELECT count(*) FROM " + qualified).collect()[0][0]
            out.append({"schema": database, "table": t.name, "view": view, "rows": rows, "columns": columns})
        return {"ok": True, "tables": out}

    def upload(self, req):
        spark, name = self.spark, req["name"]
        df = self.frame(req)
        if self.remote:
            staging = name + "__werkbank_new"
            spark.sql("DROP TABLE IF EXISTS " + ident(staging))
            # One file, so that a scan reads the rows in this order.
            df.coalesce(1).write.saveAsTable(staging)
            spark.sql("DROP TABLE IF EXISTS " + ident(name))
            spark.sql("ALTER TABLE %s RENAME TO %s" % (ident(staging), ident(name)))
        else:
            # Written beside the old table first, so a failure leaves it as it was.
            final = os.path.join(self.warehouse, name)
            staging = os.path.join(self.warehouse, "." + name + ".new")
            shutil.rmtree(staging, ignore_errors=True)
            df.coalesce(1).write.parquet(staging)
            spark.sql("DROP TABLE IF EXISTS " + ident(name))
            shutil.rmtree(final, ignore_errors=True)
            os.rename(staging, final)
            spark.sql("CREATE TABLE %s USING parquet LOCATION %s" % (ident(name), literal(final)))
        return {"ok": True}

    def execute(self, req):
        for statement in statements(req["sql"]):
            self.spark.sql(statement)
        return {"ok": True}

    def cancel(self):
        self.cancelled = True
        try:
            if self.remote:
                self.spark.interruptAll()
            else:
                self.spark.sparkContext.cancelAllJobs()
        except Exception:
            pass


CONVERT = {"int": int, "float": float, "string": str, "bool": bool, "date": datetime.date.fromisoformat}


def ident(name):
    return "`" + name.replace("`", "``") + "`"


def literal(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def csv_text(s):
    return '"' + s.replace('"', '""') + '"'


def csv_value(v):
    """A value as werkbank's result decoder reads it: null empty, strings
    always quoted (so the empty string is ""), floats in shortest
    round-trip form."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return repr(v)
    if isinstance(v, str):
        return csv_text(v)
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    return csv_text(str(v))


def statements(script):
    """The statements of a script, split at semicolons outside quotes and comments."""
    out, current, i, quote = [], [], 0, None
    while i < len(script):
        c = script[i]
        if quote:
            current.append(c)
            if c == "\\" and quote != "`" and i + 1 < len(script):
                current.append(script[i + 1])
                i += 1
            elif c == quote:
                quote = None
        elif c in "'\"`":
            quote = c
            current.append(c)
        elif script.startswith("--", i):
            while i < len(script) and script[i] != "\n":
                i += 1
            continue
        elif c == ";":
            out.append("".join(current))
            current = []
        else:
            current.append(c)
        i += 1
    out.append("".join(current))
    return [s.strip() for s in out if s.strip()]


def start(target, warehouse):
    from pyspark.sql import SparkSession
    if target.startswith("sc://"):
        # pyspark retries an address that does not answer for minutes: ask once first.
        import socket, urllib.parse
        address = urllib.parse.urlsplit("http://" + target[len("sc://"):].split(";")[0])
        socket.create_connection((address.hostname, address.port or 15002), timeout=10).close()
        spark = SparkSession.builder.remote(target).getOrCreate()
        for key, value in SETTINGS:
            spark.conf.set(key, value)
        return Driver(spark, None, True)
    # Absolute: Spark reads a relative LOCATION as inside its warehouse.
    warehouse = os.path.abspath(warehouse)
    os.makedirs(warehouse, exist_ok=True)
    builder = (SparkSession.builder.master("local[*]").appName("werkbank")
               .config("spark.sql.warehouse.dir", warehouse)
               .config("spark.sql.catalogImplementation", "in-memory")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", str(max(2, os.cpu_count() or 2))))
    for key, value in SETTINGS:
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    driver = Driver(spark, warehouse, False)
    driver.register_warehouse()
    return driver


# What werkbank's answers rely on: integer overflow and division by zero are
# errors (never wrapped values), dates without a time zone.
SETTINGS = [("spark.sql.ansi.enabled", "true"), ("spark.sql.session.timeZone", "UTC")]


def main():
    target, warehouse = sys.argv[1], sys.argv[2]
    try:
        import pyspark  # noqa: F401
    except Exception as e:
        reply({"ok": False, "message": "%s cannot import pyspark (%s)" % (sys.executable, e),
               "hint": "pip install pyspark (Spark needs Java 17), or set WERKBANK_PYTHON to a Python that has it"})
        return
    try:
        driver = start(target, warehouse)
    except Exception as e:
        out = failure(e)
        out["hint"] = "is Java 17 installed (java -version)?" if not target else "is a Spark Connect server listening at " + target + "?"
        reply(out)
        return
    signal.signal(signal.SIGINT, lambda *_: driver.cancel())
    reply({"ok": True, "version": driver.spark.version})
    handlers = {"query": driver.query, "tables": driver.tables, "upload": driver.upload, "execute": driver.execute}
    for line in sys.stdin:
        req = json.loads(line)
        driver.cancelled = False
        result = {}

        def work():
            try:
                result["reply"] = handlers[req["op"]](req)
            except Cancelled:
                result["reply"] = {"ok": False, "cancelled": True}
            except Exception as e:
                result["reply"] = {"ok": False, "cancelled": True} if driver.cancelled else failure(e)

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(0.05)
        reply(result.get("reply", {"ok": False, "message": "the Spark driver failed without saying why"}))


main()
"""#
}
