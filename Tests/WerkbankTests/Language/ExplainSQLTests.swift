import Testing
import WerkbankLanguage

/// `explain sql`: the shape of the query a pipeline compiles to (that it
/// answers as werkbank does is EngineConformanceTests' part, run on the
/// engines). The Library's tables stand for tables of the same names.
@Suite struct ExplainSQLTests {
    let h = Harness(format: .table)

    func sql(_ text: String) -> String { h.csv("explain sql " + text) }

    /// A top-N: limited in the new order first, numbered after, so the
    /// engine keeps N rows instead of sorting them all.
    @Test func topLimitsBeforeNumbering() throws {
        for text in ["cases | top 3 by founded", "cases | sort founded desc | take 3"] {
            let q = sql(text)
            let limit = try #require(q.range(of: "LIMIT 3"), "\(q)")
            let numbered = try #require(q.range(of: "row_number() OVER (ORDER BY"), "\(q)")
            #expect(limit.lowerBound < numbered.lowerBound, "\(q)")
            #expect(q.contains("\"werkbank_row\"\n    LIMIT 3"), "the position breaks ties in the limit: \(q)")
        }
        // A take without a new order just before it keeps the current order.
        #expect(sql("cases | take 2").contains("ORDER BY \"werkbank_row\"\n    LIMIT 2"))
    }

    /// A join's position is computed from its sides' where overflow is an
    /// error; Spark, whose integers wrap, numbers the joined rows.
    @Test func joinPositions() {
        let duck = sql("cases | join collectives on operator = id")
        #expect(duck.contains("(l.\"werkbank_row\" * (SELECT coalesce(max(\"werkbank_row\"), 0) + 1 FROM"))
        #expect(duck.contains("+ coalesce(r.\"werkbank_row\", 0)) AS \"werkbank_row\""))
        #expect(!duck.contains("row_number() OVER (ORDER BY l."))
        let spark = sql("spark cases | join collectives on operator = id")
        #expect(spark.contains("row_number() OVER (ORDER BY l.`werkbank_row`, r.`werkbank_row`)"))
    }

    /// count by's percent: the share computed once in the grouping, rounded
    /// around it (a key named share keeps its name).
    @Test func countByComputesTheShareOnce() {
        let q = sql("cases | count by city")
        #expect(q.components(separatedBy: "sum(count(*)) OVER ()").count == 2, "\(q)")
        #expect(q.contains("AS \"share\""))
        let keyed = sql("cases | rename share = city | count by share")
        #expect(keyed.contains("AS \"share_\""), "\(keyed)")
    }

    /// What SQL cannot answer as werkbank does is named, with why.
    @Test func whatRunsInWerkbankIsSaid() {
        let q = sql("cases | derive u = upper(city) | top 3 by founded")
        #expect(q.contains("-- runs in werkbank over these rows: derive u = upper(city) | top 3 by founded"))
        #expect(q.contains("upper(\"ß\") is SS"))
    }
}
