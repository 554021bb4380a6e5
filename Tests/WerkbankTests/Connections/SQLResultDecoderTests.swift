import Testing
import WerkbankEngine
@testable import WerkbankLanguage

/// The engines' CSV as they write it (PostgreSQL's COPY … TO STDOUT and
/// DuckDB's COPY … TO, see their documentation of the CSV format and of
/// float and boolean output), read with the types the plan knows.
@Suite struct SQLResultDecoderTests {
    static let schema: Schema = [
        Field("i", .int), Field("f", .float), Field("b", .bool), Field("d", .date), Field("s", .string),
    ]

    func values(_ t: Table, _ column: Int) -> [Value] { (0..<t.rowCount).map { t.columns[column].value(at: $0) } }

    @Test func postgresSpellings() throws {
        let csv = """
            i,f,b,d,s
            9223372036854775807,NaN,t,2024-02-29,"a""b,c
            d ü€"
            -9223372036854775808,Infinity,f,1970-01-01,""
            ,-Infinity,,,
            7,2,t,1969-12-31,plain
            8,1e+300,f,2000-03-01," x "

            """
        let t = try SQLResultDecoder.decode(csv, schema: Self.schema)
        #expect(t.rowCount == 5)
        #expect(values(t, 0) == [.int(.max), .int(.min), .null, .int(7), .int(8)])
        let f = values(t, 1)
        if case .float(let x) = f[0] { #expect(x.isNaN) } else { Issue.record("NaN read as \(f[0])") }
        #expect(Array(f[1...]) == [.float(.infinity), .float(-.infinity), .float(2), .float(1e300)])
        #expect(values(t, 2) == [.bool(true), .bool(false), .null, .bool(true), .bool(false)])
        // Days since 1970-01-01: 2024-02-29 is 19782 (54 years with 13 leap days: 54 × 365 + 13 + 31 + 28).
        #expect(values(t, 3) == [.date(19782), .date(0), .null, .date(-1), .date(11017)])
        #expect(values(t, 4) == [.string("a\"b,c\nd ü€"), .string(""), .null, .string("plain"), .string(" x ")])
    }

    @Test func duckdbSpellings() throws {
        let csv = "i,f,b,d,s\n1,nan,true,2024-02-29,x\n2,inf,false,,\"\"\n3,-inf,TRUE,1999-12-31,x\n4,2.0,false,2000-01-01,\n"
        let t = try SQLResultDecoder.decode(csv, schema: Self.schema)
        #expect(values(t, 0) == [.int(1), .int(2), .int(3), .int(4)])
        let f = values(t, 1)
        if case .float(let x) = f[0] { #expect(x.isNaN) } else { Issue.record("nan read as \(f[0])") }
        #expect(Array(f[1...]) == [.float(.infinity), .float(-.infinity), .float(2)])
        #expect(values(t, 2) == [.bool(true), .bool(false), .bool(true), .bool(false)])
        #expect(values(t, 3) == [.date(19782), .null, .date(10956), .date(10957)])
        // One dictionary entry for the repeated "x"; "" and null are different.
        #expect(values(t, 4) == [.string("x"), .string(""), .string("x"), .null])
        if case .string(_, let dictionary) = t.columns[4].storage { #expect(dictionary.values == ["x", ""]) }
    }

    @Test func crlfLineEndsAndNoFinalNewline() throws {
        let t = try SQLResultDecoder.decode("i,s\r\n1,a\r\n2,\"b\r\nc\"", schema: [Field("i", .int), Field("s", .string)])
        #expect(values(t, 0) == [.int(1), .int(2)])
        #expect(values(t, 1) == [.string("a"), .string("b\r\nc")])
    }

    /// A one-column result: an empty line is a row holding null.
    @Test func oneColumnOfNulls() throws {
        let t = try SQLResultDecoder.decode("n\n\n\"\"\n\n", schema: [Field("n", .string)])
        #expect(values(t, 0) == [.null, .string(""), .null])
    }

    @Test func headerOnlyIsNoRows() throws {
        let t = try SQLResultDecoder.decode("i,s\n", schema: [Field("i", .int), Field("s", .string)])
        #expect(t.rowCount == 0)
        #expect(t.fields == [Field("i", .int), Field("s", .string)])
    }

    @Test func theHeaderMustNameTheSchema() {
        #expect(throws: EngineError.engine("the engine's result has the columns i, t, expected i, s", hint: nil)) {
            try SQLResultDecoder.decode("i,t\n1,a\n", schema: [Field("i", .int), Field("s", .string)])
        }
    }

    @Test func anUnreadableValueNamesColumnValueAndRow() {
        #expect(throws: EngineError.engine("column f: cannot read \"1,5\" as float (row 2 of the engine's result)", hint: nil)) {
            try SQLResultDecoder.decode("i,f\n1,2.5\n2,\"1,5\"\n", schema: [Field("i", .int), Field("f", .float)])
        }
        // One past Int64.max (a HUGEINT the catalogue called int).
        #expect(throws: EngineError.engine("column i: cannot read \"9223372036854775808\" as int (row 1 of the engine's result)", hint: nil)) {
            try SQLResultDecoder.decode("i\n9223372036854775808\n", schema: [Field("i", .int)])
        }
        #expect(throws: EngineError.engine("column b: cannot read \"yes\" as bool (row 1 of the engine's result)", hint: nil)) {
            try SQLResultDecoder.decode("b\nyes\n", schema: [Field("b", .bool)])
        }
        // A quoted empty value is the empty string, which is no int.
        #expect(throws: EngineError.engine("column i: cannot read \"\" as int (row 1 of the engine's result)", hint: nil)) {
            try SQLResultDecoder.decode("i\n\"\"\n", schema: [Field("i", .int)])
        }
    }

    @Test func aRowWithTheWrongNumberOfValues() {
        #expect(throws: EngineError.engine("row 2 of the engine's result has 3 values, expected 2", hint: nil)) {
            try SQLResultDecoder.decode("a,b\n1,2\n1,2,3\n", schema: [Field("a", .int), Field("b", .int)])
        }
        #expect(throws: EngineError.engine("the engine's result ends inside a quoted value (row 1)", hint: nil)) {
            try SQLResultDecoder.decode("s\n\"abc\n", schema: [Field("s", .string)])
        }
    }

    /// Lines counted for the memory check before decoding.
    @Test func linesAreCountedWithOrWithoutAFinalNewline() {
        func lines(_ s: String) -> Int { Array(s.utf8).withUnsafeBufferPointer { SQLResultDecoder.lines($0) } }
        #expect(lines("") == 0)
        #expect(lines("\n") == 1)
        #expect(lines("a,b\n1,2\n") == 2)
        #expect(lines("a,b\n1,2") == 2)
        #expect(lines("a\n\n\n") == 3)
    }

    /// A million rows: the sums are n(n-1)/2 and the dictionary holds the
    /// 1000 distinct strings once.
    @Test func aMillionRows() throws {
        let n = 1_000_000
        var text = "i,s\n"
        text.reserveCapacity(n * 12)
        for r in 0..<n { text += "\(r),k\(r % 1000)\n" }
        let t = try SQLResultDecoder.decode(text, schema: [Field("i", .int), Field("s", .string)])
        #expect(t.rowCount == n)
        guard case .int(let ints) = t.columns[0].storage, case .string(let codes, let dictionary) = t.columns[1].storage else {
            Issue.record("wrong storage")
            return
        }
        #expect(ints.reduce(0, +) == Int64(n) * Int64(n - 1) / 2)
        #expect(dictionary.count == 1000)
        #expect(dictionary.values[Int(codes[123_456])] == "k456")
    }
}
