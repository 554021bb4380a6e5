import Testing

/// Operators, null rules and functions, checked through real pipelines on a
/// small table with nulls.
@Suite struct ExpressionTests {
    static let data = """
        k,x,y,s,d
        1,10,2.5,Zuid,2024-05-01
        2,,0.5,noord,2023-12-31
        3,-4,,  spaced  ,
        4,7,1.0,,2020-02-29

        """

    func harness() -> Harness {
        let h = Harness()
        h.load("t", csv: Self.data)
        return h
    }

    func values(_ h: Harness, _ expr: String) -> [String] {
        let out = h.csv("t | select v = \(expr)")
        return Array(out.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().dropLast().map(String.init))
    }

    @Test func arithmeticAndNulls() {
        let h = harness()
        #expect(values(h, "x + 1") == ["11", "", "-3", "8"])
        #expect(values(h, "x * y") == ["25.0", "", "", "7.0"])
        #expect(values(h, "x / 4") == ["2.5", "", "-1.0", "1.75"])
        #expect(values(h, "x // 4") == ["2", "", "-1", "1"])
        #expect(values(h, "x % 4") == ["2", "", "0", "3"])
        #expect(values(h, "-x") == ["-10", "", "4", "-7"])
        #expect(values(h, "x / 0") == ["", "", "", ""], "division by zero gives null")
        #expect(values(h, "x // 0") == ["", "", "", ""])
        #expect(values(h, "x ?? 0") == ["10", "0", "-4", "7"])
        #expect(values(h, "1_000 + 1e3") == ["2000.0", "2000.0", "2000.0", "2000.0"])
    }

    @Test func comparisonsAndThreeValuedLogic() {
        let h = harness()
        #expect(values(h, "x > 5") == ["true", "", "false", "true"])
        #expect(values(h, "x > 5 or true") == ["true", "true", "true", "true"])
        #expect(values(h, "x > 5 and false") == ["false", "false", "false", "false"])
        #expect(values(h, "x > 5 and true") == ["true", "", "false", "true"])
        #expect(values(h, "not (x > 5)") == ["false", "", "true", "false"])
        #expect(values(h, "x is null") == ["false", "true", "false", "false"])
        #expect(values(h, "s is not null") == ["true", "true", "true", "false"])
        #expect(values(h, "x in [10, 7]") == ["true", "", "false", "true"])
        #expect(values(h, "x not in [10, 7]") == ["false", "", "true", "false"])
        #expect(values(h, "k in [1, null]") == ["true", "", "", ""])
        #expect(values(h, "y == 2.5") == ["true", "false", "", "false"])
        #expect(values(h, "x == y * 4") == ["true", "", "", "false"])
        #expect(values(h, "d >= \"2023-12-31\"") == ["true", "true", "", "false"])
        #expect(values(h, "s < \"a\"") == ["true", "false", "true", ""])
    }

    @Test func whereTreatsNullAsFalse() {
        let h = harness()
        #expect(h.csv("t | where x > 0 | select k") == "k\n1\n4\n")
        #expect(h.csv("t | where not (x > 0) | select k") == "k\n3\n")
    }

    @Test func stringFunctions() {
        let h = harness()
        // CSV quotes values with leading or trailing spaces.
        #expect(values(h, "lower(s)") == ["zuid", "noord", "\"  spaced  \"", ""])
        #expect(values(h, "upper(s)") == ["ZUID", "NOORD", "\"  SPACED  \"", ""])
        #expect(values(h, "trim(s)") == ["Zuid", "noord", "spaced", ""])
        #expect(values(h, "length(s)") == ["4", "5", "10", ""])
        #expect(values(h, "contains(s, \"oo\")") == ["false", "true", "false", ""])
        #expect(values(h, "starts_with(s, \"Zu\")") == ["true", "false", "false", ""])
        #expect(values(h, "ends_with(s, \"d\")") == ["true", "true", "false", ""])
        #expect(values(h, "replace(s, \"o\", \"0\")") == ["Zuid", "n00rd", "\"  spaced  \"", ""])
        #expect(values(h, "substr(s, 2, 2)") == ["ui", "oo", "\" s\"", ""])
        #expect(values(h, "substr(s, 3)") == ["id", "ord", "\"spaced  \"", ""])
        #expect(values(h, "matches(s, \"^[A-Z]\")") == ["true", "false", "false", ""])
    }

    @Test func numericFunctions() {
        let h = harness()
        #expect(values(h, "round(y)") == ["3.0", "1.0", "", "1.0"])
        #expect(values(h, "round(2.345, 2)") == ["2.35", "2.35", "2.35", "2.35"])
        #expect(values(h, "round(x)") == ["10", "", "-4", "7"])
        #expect(values(h, "floor(y)") == ["2.0", "0.0", "", "1.0"])
        #expect(values(h, "ceil(y)") == ["3.0", "1.0", "", "1.0"])
        #expect(values(h, "abs(x)") == ["10", "", "4", "7"])
        #expect(values(h, "sqrt(x)") == [String(10.0.squareRoot()), "", "", String(7.0.squareRoot())])
        #expect(values(h, "ln(1)") == ["0.0", "0.0", "0.0", "0.0"])
        #expect(values(h, "log10(x)") == ["1.0", "", "", String(log10(7.0))])
        #expect(values(h, "pow(2, 10)") == ["1024.0", "1024.0", "1024.0", "1024.0"])
    }

    @Test func dateAndConditionalFunctions() {
        let h = harness()
        #expect(values(h, "year(d)") == ["2024", "2023", "", "2020"])
        #expect(values(h, "month(d)") == ["5", "12", "", "2"])
        #expect(values(h, "day(d)") == ["1", "31", "", "29"])
        #expect(values(h, "date(\"2024-02-30\")") == ["", "", "", ""])
        #expect(values(h, "date(\"2024-02-29\")") == ["2024-02-29", "2024-02-29", "2024-02-29", "2024-02-29"])
        #expect(values(h, "if(x > 5, \"big\", \"small\")") == ["big", "small", "small", "big"])
        #expect(values(h, "if(k > 2, x, y)") == ["2.5", "0.5", "-4.0", "7.0"])
        #expect(values(h, "coalesce(x, k * 100)") == ["10", "200", "-4", "7"])
        #expect(values(h, "int(y)") == ["2", "0", "", "1"])
        #expect(values(h, "float(x)") == ["10.0", "", "-4.0", "7.0"])
        #expect(values(h, "string(d)") == ["2024-05-01", "2023-12-31", "", "2020-02-29"])
        #expect(values(h, "int(\"12\") + 1") == ["13", "13", "13", "13"])
        #expect(values(h, "year(today()) > 2000") == ["true", "true", "true", "true"])
    }

    /// `in` reads string literals next to a date as dates, as `==` does.
    @Test func dateInListOfStringLiterals() {
        let h = harness()
        #expect(values(h, "d in [\"2020-02-29\", \"2024-05-01\"]") == ["true", "false", "", "true"])
        #expect(values(h, "d not in [\"2023-12-31\"]") == ["true", "false", "", "true"])
        #expect(h.error("t | where d in [\"2023-02-29\"]").contains("cannot compare date with string"))
    }

    @Test func overflowIsAnErrorNamingTheColumn() {
        let h = harness()
        let err = h.error("t | select big = x * 9223372036854775807")
        #expect(err.contains("integer overflow in x * 9223372036854775807"))
        #expect(err.contains("^"))
        #expect(h.error("t | summarize s = sum(v) | take 1").contains("unknown column"))
        h.load("b", csv: "v\n9223372036854775807\n1\n")
        #expect(h.error("b | summarize s = sum(v)").contains("integer overflow in s"))
        #expect(h.csv("b | summarize a = avg(v)") == "a\n4.611686018427388e+18\n")
    }

    @Test func typeErrorsComeBeforeAnyRowIsRead() {
        let h = harness()
        let err = h.error("t | where s > 3")
        #expect(err.contains("cannot compare string with int"))
        #expect(err.contains("1 | t | where s > 3\n  |           ^^^^^"))
        #expect(h.error("t | where x = 3").contains("to compare, use '=='"))
        #expect(h.error("t | select lower(x)").contains("lower() argument 1 expects a string, got int"))
        #expect(h.error("t | select lowr(s)").contains("did you mean \"lower\"?"))
        #expect(h.error("t | select sum(x)").contains("is an aggregate"))
        #expect(h.error("t | where x").contains("needs a true/false condition"))
        #expect(h.error("t | select x + \"a\"").contains("needs numbers"))
        #expect(h.error("t | select 99999999999999999999").contains("too large"))
    }
}

import Foundation
