import Testing
import WerkbankEngine
@testable import WerkbankLanguage

/// `++`, `concat`, `concat_ws`, `format_number`, `format_date` and dates in a
/// layout. Expected texts are written out by hand from the rules in
/// docs/language.md (nulls give null; concat_ws skips them; half away from
/// zero; thousands grouped after rounding).
@Suite struct TextBuildingTests {
    let h = Harness()

    func value(_ expr: String) -> String {
        let out = h.csv("cases | select v = \(expr) | take 1")
        return String(out.dropFirst(2).dropLast())  // past "v\n", before the last "\n"
    }

    @Test func concatenationWritesValuesAsTheCSVFormatDoes() {
        #expect(value("1 ++ \"a\"") == "1a")
        #expect(value("2.5 ++ \"|\" ++ true ++ \"|\" ++ date(\"2024-05-01\")") == "2.5|true|2024-05-01")
        #expect(value("concat(\"x\", 0.1 + 0.2)") == "x0.30000000000000004")
        #expect(value("\"a\" ++ null") == "")
        #expect(h.csv("cases | select v = \"a\" ++ null | where v is null | count") == "count\n7\n")
        #expect(value("concat_ws(\"-\", \"a\", null, \"b\")") == "a-b")
        #expect(h.csv("cases | select v = concat_ws(null, \"a\", \"b\") | where v is null | count") == "count\n7\n")
    }

    @Test func aLongChainIsOneCall() {
        let chain = (0..<500).map { _ in "\"x\"" }.joined(separator: " ++ ")
        #expect(value(chain) == String(repeating: "x", count: 500))
    }

    @Test func numbersForPeople() {
        #expect(value("format_number(1234.5, 2)") == "\"1,234.50\"")
        #expect(value("format_number(1234.5, 2, \"nl\")") == "\"1.234,50\"")
        #expect(value("format_number(-1234567.891, 1, \"nl\")") == "\"-1.234.567,9\"")
        #expect(value("format_number(2.675, 2)") == "2.68")
        #expect(value("format_number(999.995, 2)") == "\"1,000.00\"")
        #expect(value("format_number(-0.004, 2)") == "0.00")
        #expect(value("format_number(42, 0)") == "42")
        #expect(h.error("cases | select v = format_number(1.5, 2, \"fr\")").contains("\"nl\" (1.234,5) or \"en\""))
        #expect(h.error("cases | select v = format_number(1.5, 20)").contains("from 0 to 17"))
        #expect(h.error("cases | select v = format_number(\"1\", 2)").contains("expects a number"))
    }

    @Test func datesInALayout() {
        #expect(value("format_date(date(\"2024-05-01\"), \"dd-mm-yyyy\")") == "01-05-2024")
        #expect(value("format_date(date(\"2024-05-01\"), \"yyyymmdd\")") == "20240501")
        #expect(value("format_date(date(\"2024-05-01\"), \"d/m/yy\")") == "1/5/24")
        #expect(value("date(\"01-05-2024\", \"dd-mm-yyyy\")") == "2024-05-01")
        #expect(value("date(\"1-5-2024\", \"d-m-yyyy\")") == "2024-05-01")
        #expect(value("date(\"20240501\", \"yyyymmdd\")") == "2024-05-01")
        // Not a real date, or not in the layout: null.
        #expect(value("date(\"29-02-2023\", \"dd-mm-yyyy\")") == "")
        #expect(value("date(\"2024-05-01\", \"dd-mm-yyyy\")") == "")
        #expect(h.error("cases | select v = format_date(today(), \"dd-mm\")").contains("must name the year, month and day once"))
    }

    /// Issue 18: `date("01-05-2024")` was silently null. A literal that is a
    /// real date with day and month in another order than YYYY-MM-DD is an
    /// error while binding (so in every engine), with the layout as the hint.
    @Test func aDateLiteralWrittenAnotherWayIsNeverSilentlyNull() {
        let e = h.error("cases | select v = date(\"01-05-2024\") | take 1")
        #expect(e.contains("error: date() reads dates written YYYY-MM-DD, and \"01-05-2024\" is written another way"), "\(e)")
        #expect(e.contains("hint: give its layout: date(\"01-05-2024\", \"dd-mm-yyyy\") (or \"mm-dd-yyyy\" if the month comes first)"), "\(e)")
        // The caret is under the literal (column 25), before any row is read.
        #expect(e.contains(" --> line 1, column 25\n"), "\(e)")
        #expect(e.contains("  | " + String(repeating: " ", count: 24) + String(repeating: "^", count: 12) + "\n"), "\(e)")
        // Only one order reads 13 as a month: no alternative offered.
        #expect(h.error("cases | select v = date(\"5/13/2024\")").contains("hint: give its layout: date(\"5/13/2024\", \"m/dd/yyyy\")\n"))
        #expect(h.error("cases | select v = date(\"20240501\")").contains("date(\"20240501\", \"yyyymmdd\")"))
        #expect(h.error("cases | select v = date(\"31.12.2023\")").contains("date(\"31.12.2023\", \"dd.mm.yyyy\")"))
        #expect(h.error("cases | where founded > year(date(\"1-5-2024\"))").contains("\"d-m-yyyy\""))
        // Text that is no date, or a year first spelt otherwise, stays null (conformance: date_not_iso_null).
        #expect(value("date(\"n.v.t.\")") == "" && value("date(\"2024-02-30\")") == "" && value("date(\"31-02-2024\")") == "")
        #expect(value("date(\"12345678\")") == "" && value("date(\"2024-1-1\")") == "" && value("date(\"2024/01/01\")") == "")
        // With its layout it reads; values in a column stay null, as every engine gives them.
        #expect(value("date(\"01-05-2024\", \"dd-mm-yyyy\")") == "2024-05-01")
        h.load("d", csv: "t\n2024-05-01\nn.v.t.\n02-05-2024\n", options: "types=\"t:string\"")
        #expect(h.csv("d | select v = date(t)") == "v\n2024-05-01\n\n\n")
    }

    @Test func aPatternReadsWhatItWrites() throws {
        let pattern = try #require(DatePattern("d-m-yyyy"))
        // Years 1 to 9999 (a layout writes no sign).
        let first = try #require(CalendarDate.days(year: 1, month: 1, day: 1)), last = try #require(CalendarDate.days(year: 9999, month: 12, day: 31))
        for days in stride(from: first, through: last, by: 997) {
            #expect(pattern.parse(pattern.format(days)) == days)
        }
        #expect(DatePattern("yyyy-mm") == nil && DatePattern("yyy-mm-dd") == nil && DatePattern("dd-mm-yyyy-dd") == nil)
    }
}
