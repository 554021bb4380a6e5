import Foundation
import Testing
import WerkbankEngine

/// The rules of issue 14 ("exact semantics"), each through a real pipeline.
/// Expected values are the spec's (docs/language.md) or DuckDB 1.5's where
/// the two agree; each test says which.
@Suite struct ExactSemanticsTests {
    /// `é` precomposed (U+00E9) and decomposed (`e` + U+0301): two different
    /// strings by the spec (compared by Unicode scalar values, i.e. bytes).
    static let pre = "\u{E9}", dec = "e\u{301}"

    func unicode() -> Harness {
        let h = Harness()
        h.load("u", csv: "k,v\n\(Self.pre),1\n\(Self.dec),2\nf,3\n")
        return h
    }

    func lines(_ out: String) -> [String] {
        Array(out.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().dropLast().map(String.init))
    }

    /// Compares the UTF-8 bytes: Swift's `==` on strings would call the two
    /// spellings equal and hide the very bug under test.
    func bytes(_ s: [String]) -> [[UInt8]] { s.map { Array($0.utf8) } }

    @Test func stringsCompareByBytesInEveryOperator() {
        let h = unicode()
        // DuckDB: SELECT v FROM u WHERE k = 'é' → 1 (and likewise for each line).
        #expect(lines(h.csv("u | where k == \"\(Self.pre)\" | select v")) == ["1"])
        #expect(lines(h.csv("u | where k != \"\(Self.pre)\" | select v")) == ["2", "3"])
        #expect(lines(h.csv("u | where k in [\"\(Self.pre)\"] | select v")) == ["1"])
        #expect(lines(h.csv("u | where starts_with(k, \"e\") | select v")) == ["2"])
        #expect(lines(h.csv("u | where ends_with(k, \"\(Self.pre)\") | select v")) == ["1"])
        #expect(lines(h.csv("u | where contains(k, \"\u{301}\") | select v")) == ["2"])
        #expect(bytes(lines(h.csv("u | select r = replace(k, \"\(Self.pre)\", \"E\")"))) == bytes(["E", Self.dec, "f"]))
        // Order by bytes: e+U+0301 (65 CC 81) < f (66) < é (C3 A9).
        #expect(lines(h.csv("u | where k < \"f\" | select v")) == ["2"])
        #expect(lines(h.csv("u | where k >= \"\(Self.pre)\" | select v")) == ["1"])
        #expect(lines(h.csv("u | sort k | select v")) == ["2", "3", "1"])
        #expect(bytes(lines(h.csv("u | summarize m = min(k)"))) == bytes([Self.dec]))
        #expect(bytes(lines(h.csv("u | summarize m = max(k)"))) == bytes([Self.pre]))
        #expect(lines(h.csv("u | distinct k | count")) == ["3"])
        #expect(lines(h.csv("u | summarize n = count() by k | count")) == ["3"])
        #expect(lines(h.csv("u | join u on k | select v")) == ["1", "2", "3"])
        // DuckDB: length counts code points (1, 2, 1); substring from 2 keeps the combining mark.
        #expect(lines(h.csv("u | select n = length(k)")) == ["1", "2", "1"])
        #expect(bytes(lines(h.csv("u | where v == 2 | select s = substr(k, 2)"))) == bytes(["\u{301}"]))
    }

    @Test func appendKeepsEachSpellingsBytes() {
        let h = unicode()
        h.load("w", csv: "k\n\(Self.dec)\n\(Self.pre)\n")
        #expect(bytes(lines(h.csv("u | select k | append w"))) == bytes([Self.pre, Self.dec, "f", Self.dec, Self.pre]))
        #expect(bytes(lines(h.csv("w | append u | select k"))) == bytes([Self.dec, Self.pre, Self.pre, Self.dec, "f"]))
    }

    /// A table `n` with column x: 0.0, NaN, 1.0, -1.0 (NaN made by inf − inf:
    /// the readers take no NaN from text).
    func withNaN() -> Harness {
        let h = Harness()
        h.load("raw", csv: "k,v\n1,0.0\n2,0.5\n3,1.0\n4,-1.0\n")
        _ = h.csv("let n = raw | select k, x = if(k == 2, (1e308 * 10) - (1e308 * 10), v)")
        return h
    }

    @Test func nanSortsAfterEveryNumberInAggregates() {
        let h = withNaN()
        // DuckDB: min -1.0, max nan, median 0.5, quantile_cont 0.25 → -0.25, 0.75 → nan.
        #expect(
            lines(h.csv("n | summarize a = min(x), b = max(x), c = median(x), d = percentile(x, 0.25), e = percentile(x, 0.75)"))
                == ["-1.0,NaN,0.5,-0.25,NaN"])
        // DuckDB on [0.0, NaN]: min 0.0, max nan, median nan.
        #expect(lines(h.csv("n | where k <= 2 | summarize a = min(x), b = max(x), c = median(x)")) == ["0.0,NaN,NaN"])
        // The same order as sort: NaN after 1.0, before null.
        #expect(lines(h.csv("n | sort x | select k")) == ["4", "1", "3", "2"])
    }

    @Test func percentileAtAnExactPositionIgnoresItsNeighbour() {
        let h = Harness()
        h.load("t", csv: "x\n1.0\n2.0\n3.0\n")
        // percentile_cont: p·(n−1) = 1 is exactly the second value.
        #expect(
            lines(h.csv("t | derive y = if(x == 3.0, 1e308 * 10, x) | summarize m = median(y), p = percentile(y, 0.75)"))
                == ["2.0,inf"])
    }

    @Test func intSumOverflowsOnlyWhenTheTotalDoesNotFit() {
        let h = Harness()
        h.load("t", csv: "k,x\n1,9223372036854775807\n2,1\n3,-1\n")
        // DuckDB: sum = 9223372036854775807 in any order.
        #expect(lines(h.csv("t | summarize s = sum(x)")) == ["9223372036854775807"])
        #expect(lines(h.csv("t | sort -k | summarize s = sum(x)")) == ["9223372036854775807"])
        #expect(h.error("t | where k <= 2 | summarize s = sum(x)").contains("integer overflow"))
        // Grouped: only the group whose total does not fit fails the statement.
        #expect(lines(h.csv("t | derive g = k == 2 | summarize s = sum(x) by g")) == ["false,9223372036854775806", "true,1"])
        // avg of two Int64.max: DuckDB 9.223372036854776e+18.
        h.load("m", csv: "x\n9223372036854775807\n9223372036854775807\n")
        #expect(lines(h.csv("m | summarize a = avg(x)")) == ["9.223372036854776e+18"])
    }

    @Test func emptyQuotedFieldIsTheEmptyStringAndSurvivesARoundTrip() throws {
        let h = Harness()
        h.load("t", csv: "k,s\n1,\"\"\n2,\n3,x\n")
        #expect(lines(h.csv("t | where s is null | select k")) == ["2"])
        #expect(lines(h.csv("t | where s == \"\" | select k")) == ["1"])
        let path = NSTemporaryDirectory() + "wb-roundtrip-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = h.csv("t | save \"\(path)\"")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "k,s\n1,\"\"\n2,\n3,x\n")
        _ = h.csv("load \"\(path)\" as back")
        #expect(lines(h.csv("back | where s is null | select k")) == ["2"])
        #expect(lines(h.csv("back | where s == \"\" | select k")) == ["1"])
    }

    @Test func numericFunctionEdges() {
        let h = Harness()
        h.load("t", csv: "x\n1\n")
        // Spec (issue 14): round(1e21, 2) is 1e21 (DuckDB gives 9.999999999999999e+20).
        #expect(lines(h.csv("t | select v = round(1e21, 2)")) == ["1e+21"])
        #expect(lines(h.csv("t | select v = round(-1e300, 5), w = round(2.5), z = round(-0.125, 2)")) == ["-1e+300,3.0,-0.13"])
        // DuckDB TRY_CAST('0x10' AS DOUBLE) is NULL, as int("0x10") is.
        #expect(
            lines(h.csv("t | select a = float(\"0x10\"), b = int(\"0x10\"), c = float(\"inf\"), d = float(\" 1\"), e = float(\"1e3\")"))
                == [",,,,1000.0"])
        // DuckDB: pow('inf', 0.5) = inf = sqrt('inf'); a negative base to a fraction is not real: null.
        #expect(lines(h.csv("t | select a = pow(1e308 * 10, 0.5), b = sqrt(1e308 * 10), c = pow(-8, 1.0 / 3)")) == ["inf,inf,"])
        // A NaN argument is no real number: null; string() spells floats as the csv format does.
        #expect(
            lines(h.csv("t | select a = sqrt((1e308 * 10) - (1e308 * 10)), b = string((1e308 * 10) - (1e308 * 10)), c = string(-(1e308 * 10))"))
                == [",NaN,-inf"])
    }

    @Test func expressionLimitsAreTheDocumentedOnes() {
        let h = Harness()
        let nested = String(repeating: "(", count: 200) + "true" + String(repeating: ")", count: 200)
        #expect(lines(h.csv("cases | where \(nested) | count")) == ["7"])
        let tooDeep = String(repeating: "(", count: 201) + "true" + String(repeating: ")", count: 201)
        #expect(h.error("cases | where \(tooDeep) | count").contains("nested too deeply (more than 200 levels)"))
        let chain = Array(repeating: "true", count: 2001).joined(separator: " and ")  // 2,000 operators
        #expect(lines(h.csv("cases | where \(chain) | count")) == ["7"])
        let comparisons = Array(repeating: "founded > 1", count: 1000).joined(separator: " or ")  // 1,999 operators
        #expect(lines(h.csv("cases | where \(comparisons) | count")) == lines(h.csv("cases | where founded > 1 | count")))
        let sum = Array(repeating: "1", count: 2001).joined(separator: " + ")
        #expect(lines(h.csv("cases | select v = \(sum) | take 1")) == ["2001"])
        #expect(h.error("cases | select v = \(sum) + 1 | take 1").contains("expression too long (more than 2000 operators)"))
    }

    @Test func outputColumnNamedTwiceIsRefused() {
        let h = Harness()
        #expect(h.error("cases | count by city, city").contains("column \"city\" appears twice"))
        #expect(h.error("cases | summarize n = count() by city, city").contains("column \"city\" appears twice"))
        #expect(h.error("cases | distinct city, city").contains("column \"city\" appears twice"))
    }

    @Test func overflowPointsAtTheExpressionWithItsParentheses() {
        let h = Harness()
        let statement = "cases | select x = (9223372036854775807 + entrepreneurs) * 2"
        let err = h.error(statement)
        #expect(err.contains("integer overflow in (9223372036854775807 + entrepreneurs)"))
        // The caret under the parenthesised sum (column 20, 37 bytes), not the stage.
        let caretLine = err.split(separator: "\n").first { $0.contains("^") }.map(String.init) ?? ""
        #expect(caretLine.hasSuffix(String(repeating: " ", count: 19) + String(repeating: "^", count: 37)), "\(err)")
    }

    @Test func whereNullKeepsNoRows() {
        let h = Harness()
        #expect(lines(h.csv("cases | where null | count")) == ["0"])
        #expect(lines(h.csv("cases | where not null | count")) == ["0"])
    }
}
