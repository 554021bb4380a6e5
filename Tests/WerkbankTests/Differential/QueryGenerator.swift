/// Generates a pipeline and the SQL that means the same, over tables `t` and `u`
/// (see GeneratedTable). sqlite3 sorts nulls first and has no stable sort, so the
/// SQL spells out `x IS NULL` and `rowid` where werkbank's rules need them.
struct QueryGenerator {
    var rng: SeededRandom

    struct Query {
        var pipeline: String
        var sql: String
    }

    mutating func predicate() -> (String, String) {
        switch rng.int(0...11) {
        case 0: let v = rng.int(-20...80); return ("x > \(v)", "x > \(v)")
        case 1: let v = rng.int(-20...80); return ("x <= \(v) and y > 0", "x <= \(v) AND y > 0")
        case 2: return ("g == \"a\" or g == \"c\"", "g = 'a' OR g = 'c'")
        case 3: return ("x is null", "x IS NULL")
        case 4: return ("not (y < 10.5)", "NOT (y < 10.5)")
        case 5: return ("s in [\"Zuid\", \"hof\", \"Keile\"]", "s IN ('Zuid', 'hof', 'Keile')")
        case 6: return ("starts_with(s, \"Zuid\")", "substr(s, 1, 4) = 'Zuid'")
        case 7: return ("contains(s, \"o\")", "instr(s, 'o') > 0")
        case 8: return ("d >= \"2012-01-01\"", "d >= '2012-01-01'")
        case 9: return ("x % 3 == 1", "x % 3 = 1")
        case 10: return ("(x ?? 0) + k > 10", "(coalesce(x, 0) + k) > 10")
        default: return ("y is not null and x != 7", "y IS NOT NULL AND x <> 7")
        }
    }

    mutating func expression() -> (String, String) {
        switch rng.int(0...9) {
        case 0: return ("x + k * 2", "x + k * 2")
        case 1: return ("x - y", "x - y")
        case 2: return ("x / k", "CAST(x AS REAL) / NULLIF(k, 0)")
        case 3: return ("x // 4", "x / 4")
        case 4: return ("abs(x) % 7", "abs(x) % 7")
        case 5: return ("round(y, 1)", "round(y, 1)")
        // sqlite's lower() folds ASCII only; werkbank's is Unicode-aware (docs/language.md).
        case 6: return ("lower(s)", "replace(lower(s), 'Ö', 'ö')")
        case 7: return ("length(s)", "length(s)")
        case 8: return ("coalesce(x, k, -1)", "coalesce(x, k, -1)")
        default: return ("y * 2.5 + x", "y * 2.5 + x")
        }
    }

    mutating func aggregate() -> (String, String, String) {
        switch rng.int(0...7) {
        case 0: return ("n = count()", "count(*)", "n")
        case 1: return ("cx = count(x)", "count(x)", "cx")
        case 2: return ("sx = sum(x)", "sum(x)", "sx")
        case 3: return ("ay = avg(y)", "avg(y)", "ay")
        case 4: return ("lo = min(s)", "min(s)", "lo")
        case 5: return ("hi = max(d)", "max(d)", "hi")
        case 6: return ("dd = count_distinct(s)", "count(DISTINCT s)", "dd")
        default: return ("sy = sum(y)", "sum(y)", "sy")
        }
    }

    mutating func next() -> Query {
        switch rng.int(0...9) {
        case 0:
            let (p, sp) = predicate()
            return Query(pipeline: "t | where \(p) | select k, x, s", sql: "SELECT k, x, s FROM t WHERE \(sp) ORDER BY rowid")
        case 1:
            let (e, se) = expression()
            return Query(pipeline: "t | select k, v = \(e)", sql: "SELECT k, \(se) AS v FROM t ORDER BY rowid")
        case 2:
            let (a1, s1, _) = aggregate()
            var (a2, s2, n2) = aggregate()
            if a2.hasPrefix(a1.prefix(3)) { (a2, s2, n2) = ("zz = count()", "count(*)", "zz") }
            _ = n2
            let key = rng.pick(["k", "g"])
            return Query(
                pipeline: "t | summarize \(a1), \(a2) by \(key)",
                sql: "SELECT \(key), \(s1), \(s2) FROM t GROUP BY \(key) ORDER BY \(key) IS NULL, \(key)")
        case 3:
            let (p, sp) = predicate()
            let (a, s, _) = aggregate()
            return Query(pipeline: "t | where \(p) | summarize \(a)", sql: "SELECT \(s) FROM t WHERE \(sp)")
        case 4:
            let col = rng.pick(["x", "y", "s", "d"])
            let desc = rng.chance(0.5)
            let n = rng.int(1...15)
            return Query(
                pipeline: "t | sort \(desc ? "-" : "")\(col) | take \(n) | select k, \(col)",
                sql: "SELECT k, \(col) FROM t ORDER BY \(col) IS NULL, \(col) \(desc ? "DESC" : "ASC"), rowid LIMIT \(n)")
        case 5:
            let col = rng.pick(["x", "y"])
            let n = rng.int(1...12)
            return Query(
                pipeline: "t | top \(n) by \(col) | select k, \(col)",
                sql: "SELECT k, \(col) FROM t ORDER BY \(col) IS NULL, \(col) DESC, rowid LIMIT \(n)")
        case 6:
            let kind = rng.pick(["inner", "left", "anti"])
            switch kind {
            case "inner":
                return Query(
                    pipeline: "t | join u on k | select k, x, x_u",
                    sql: "SELECT t.k, t.x, u.x FROM t JOIN u ON t.k = u.k ORDER BY t.rowid, u.rowid")
            case "left":
                return Query(
                    pipeline: "t | join left u on k | select k, s, s_u",
                    sql: "SELECT t.k, t.s, u.s FROM t LEFT JOIN u ON t.k = u.k ORDER BY t.rowid, u.rowid")
            default:
                return Query(
                    pipeline: "t | join anti u on k | select k, g",
                    sql: "SELECT k, g FROM t WHERE k IS NULL OR k NOT IN (SELECT k FROM u WHERE k IS NOT NULL) ORDER BY rowid")
            }
        case 7:
            let key = rng.pick(["g", "k"])
            return Query(
                pipeline: "t | count by \(key)",
                sql:
                    "SELECT \(key), count(*) AS count, round(count(*) * 100.0 / (SELECT count(*) FROM t), 1) AS percent FROM t GROUP BY \(key) ORDER BY count DESC, \(key) IS NULL, \(key)"
            )
        case 8:
            let cols = rng.pick(["g", "k, g", "s"])
            return Query(
                pipeline: "t | distinct \(cols)",
                sql: "SELECT \(cols) FROM t GROUP BY \(cols) ORDER BY min(rowid)")
        default:
            let (p, sp) = predicate()
            let (e, se) = expression()
            return Query(
                pipeline: "t | derive v = \(e) | where \(p) | sort v, k | select k, v",
                sql: "SELECT k, v FROM (SELECT rowid AS r, k, \(se) AS v FROM t WHERE \(sp)) ORDER BY v IS NULL, v, k IS NULL, k, r")
        }
    }
}
