import Testing
@testable import WerkbankRender
import WerkbankEngine

@Suite struct CSVRenderTests {
    @Test func goldenEveryType() {
        #expect(
            CSVWriter.render(RenderFixture.mixed) == """
                id,name,rate,ok,when
                1,Keilepand,2.5,true,2024-05-01
                2,,,,
                -30,"Zeeuws ""meisje"", b|c
                d",1234567.891,false,1969-12-31

                """)
    }

    @Test func quotingRules() {
        let values = ["plain", "a,b", "say \"hi\"", "cr\rx", "lf\nx", " lead", "trail ", "in side", "", "é ü 東京", "tab\tin"]
        let t = Table([("v", RenderFixture.strings(values)), ("n", Column(.int(Array(repeating: 1, count: values.count))))])
        let lines = CSVWriter.render(t).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(Array(lines.prefix(2)) == ["v,n", "plain,1"])
        let out = CSVWriter.render(t)
        #expect(
            out
                == "v,n\nplain,1\n\"a,b\",1\n\"say \"\"hi\"\"\",1\n\"cr\rx\",1\n\"lf\nx\",1\n\" lead\",1\n\"trail \",1\nin side,1\n\"\",1\né ü 東京,1\ntab\tin,1\n"
        )
    }

    @Test func headerIsQuotedToo() {
        let t = Table([("a,b", Column(.int([1]))), ("c", Column(.int([2])))])
        #expect(CSVWriter.render(t) == "\"a,b\",c\n1,2\n")
    }

    @Test func floatsShortestRoundTrip() {
        let xs: [Double] = [2.0, 0.1, 1e-05, 0.1 + 0.2, -0.0, 1e16, 123456789.125, .nan, .infinity, -.infinity, .leastNonzeroMagnitude]
        let t = Table([("x", Column(.float(xs)))])
        #expect(CSVWriter.render(t) == "x\n2.0\n0.1\n1e-05\n0.30000000000000004\n-0.0\n1e+16\n123456789.125\nNaN\ninf\n-inf\n5e-324\n")
        for x in xs where x.isFinite {
            #expect(ValueFormatter.shortestFloat(x) == x.description)
            #expect(Double(ValueFormatter.shortestFloat(x)) == x)
        }
    }

    @Test func intsDatesBools() {
        let t = Table([
            ("i", Column(.int([0, -1, Int64.max, Int64.min]))),
            ("d", Column(.date([0, -719528, RenderFixture.date("9999-12-31"), RenderFixture.date("2000-02-29")]))),
            ("b", Column(.bool([true, false, true, false]))),
        ])
        #expect(
            CSVWriter.render(t) == """
                i,d,b
                0,1970-01-01,true
                -1,0000-01-01,false
                9223372036854775807,9999-12-31,true
                -9223372036854775808,2000-02-29,false

                """)
    }

    @Test func everyLineHasTheSameNumberOfFields() {
        let t = Table([
            ("a", RenderFixture.strings(["x,y", nil, "\"q\"", "", " s "])),
            ("b", Column(.float([1, 2, 3, 4, 5]), validity: Validity([false, true, false, true, true]))),
            ("c", RenderFixture.strings([nil, nil, "n\nl", ",", "\"\""])),
        ])
        let records = Self.parse(CSVWriter.render(t))
        #expect(records.count == 6)
        #expect(records.allSatisfy { $0.count == 3 })
        #expect(records[1] == ["x,y", "", ""])
        #expect(records[3] == ["\"q\"", "", "n\nl"])
        #expect(records[5] == [" s ", "5.0", "\"\""])
    }

    @Test func zeroRowsAndColumns() {
        #expect(CSVWriter.render(Table([("a", Column(.int([]))), ("b", Column(.bool([])))])) == "a,b\n")
        #expect(CSVWriter.render(.empty) == "")
        #expect(CSVWriter.bytes(.empty) == [])
    }

    @Test func bytesMatchTheString() {
        #expect(CSVWriter.bytes(RenderFixture.mixed) == Array(CSVWriter.render(RenderFixture.mixed).utf8))
    }

    @Test func largeTable() {
        let n = 200_000
        var builder = StringDictionaryBuilder()
        let codes = (0..<n).map { builder.code(for: "name \($0 % 100), x") }
        var valid = Validity(count: n, allValid: true)
        for i in stride(from: 0, to: n, by: 7) { valid.clear(i) }
        let t = Table([
            ("id", Column(.int((0..<n).map { Int64($0) }))),
            ("name", Column(.string(codes: codes, dictionary: builder.build()), validity: valid)),
            ("x", Column(.float((0..<n).map { Double($0) / 4 }))),
        ])
        let out = CSVWriter.bytes(t)
        let lines = out.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        #expect(lines.count == n + 2)
        #expect(String(decoding: lines[1], as: UTF8.self) == "0,,0.0")
        #expect(String(decoding: lines[3], as: UTF8.self) == "2,\"name 2, x\",0.5")
    }

    /// A small RFC 4180 reader for checking the writer.
    static func parse(_ s: String) -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(s)[...]
        while let ch = chars.popFirst() {
            if quoted {
                if ch == "\"" {
                    if chars.first == "\"" {
                        field.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(ch)
                }
            } else if ch == "\"" {
                quoted = true
            } else if ch == "," {
                fields.append(field)
                field = ""
            } else if ch == "\n" {
                fields.append(field)
                records.append(fields)
                fields = []
                field = ""
            } else {
                field.append(ch)
            }
        }
        return records
    }
}

@Suite struct CSVLargeDictionaryRenderTests {
    /// A few rows over a large shared dictionary (as after a filter) write
    /// the same as over their own dictionary.
    @Test func fewRowsOfALargeDictionary() {
        let strings = (0..<1000).map { "s\($0), x" }
        let dictionary = StringDictionary(strings)
        let column = Column(.string(codes: [999, 3, 999, 0], dictionary: dictionary), validity: Validity([true, true, false, true]))
        let t = Table([("s", column)])
        #expect(CSVWriter.render(t) == "s\n\"s999, x\"\n\"s3, x\"\n\n\"s0, x\"\n")
        #expect(JSONWriter.render(t, lines: true) == "{\"s\": \"s999, x\"}\n{\"s\": \"s3, x\"}\n{\"s\": null}\n{\"s\": \"s0, x\"}\n")
    }
}
