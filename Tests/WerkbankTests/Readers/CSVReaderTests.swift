import Testing
@testable import WerkbankEngine
@testable import WerkbankReaders
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Helpers shared by the reader tests.
enum ReaderFixture {
    static func read(_ text: String, _ configure: (inout CSVOptions) -> Void = { _ in }) throws -> (Table, CSVDecisions) {
        try read(bytes: Array(text.utf8), configure)
    }

    static func read(bytes: [UInt8], _ configure: (inout CSVOptions) -> Void = { _ in }) throws -> (Table, CSVDecisions) {
        var o = CSVOptions()
        configure(&o)
        return try CSVReader.read(.bytes(bytes, name: "t.csv"), options: o, cancel: .never)
    }

    /// The error a read throws (nil when it succeeds).
    static func error(_ text: String, _ configure: (inout CSVOptions) -> Void = { _ in }) -> EngineError? {
        error(bytes: Array(text.utf8), configure)
    }

    static func error(bytes: [UInt8], _ configure: (inout CSVOptions) -> Void = { _ in }) -> EngineError? {
        do {
            _ = try read(bytes: bytes, configure)
            return nil
        } catch let e as EngineError {
            return e
        } catch {
            return .invalid("unexpected \(error)")
        }
    }

    static func column(_ t: Table, _ name: String) -> [Value] {
        guard let c = t.column(name) else { return [] }
        return (0..<t.rowCount).map { c.value(at: $0) }
    }

    static func type(_ t: Table, _ name: String) -> DataType? { t.column(name)?.type }

    static func date(_ s: String) -> Value {
        guard let d = CalendarDate.parse(s) else { return .null }
        return .date(d)
    }
}

// MARK: - Sniffing

@Suite struct CSVSniffReaderTests {
    typealias F = ReaderFixture

    @Test(arguments: [(",", UInt8(ascii: ",")), (";", UInt8(ascii: ";")), ("\t", UInt8(ascii: "\t")), ("|", UInt8(ascii: "|"))])
    func delimiter(_ d: String, _ byte: UInt8) throws {
        let text = ["name\(d)count\(d)note", "a\(d)1\(d)x y", "b\(d)2\(d)z"].joined(separator: "\n")
        let (t, dec) = try F.read(text)
        #expect(dec.delimiter == byte)
        #expect(t.names == ["name", "count", "note"])
        #expect(F.column(t, "count") == [.int(1), .int(2)])
        #expect(F.column(t, "note") == [.string("x y"), .string("z")])
    }

    @Test func delimiterIgnoresCommasInsideQuotes() throws {
        let (t, d) = try F.read("a;b\n\"x, y, z\";1\n\"p, q\";2\n")
        #expect(d.delimiter == UInt8(ascii: ";"))
        #expect(F.column(t, "a") == [.string("x, y, z"), .string("p, q")])
    }

    @Test func semicolonWinsWithDecimalCommas() throws {
        // Without a header both ',' and ';' split every line in two.
        let (t, d) = try F.read("x;1,5\ny;2,5\nz;3,25\n")
        #expect(d.delimiter == UInt8(ascii: ";"))
        #expect(d.decimalComma)
        #expect(!d.header)
        #expect(F.column(t, "column_2") == [.float(1.5), .float(2.5), .float(3.25)])
    }

    @Test func oneColumnFile() throws {
        let (t, _) = try F.read("name\nAmsterdam\nDen Haag, Zuid\nUtrecht\n")
        #expect(t.names == ["name"])
        #expect(F.column(t, "name") == [.string("Amsterdam"), .string("Den Haag, Zuid"), .string("Utrecht")])
    }

    @Test func decimalCommaSniffed() throws {
        let (t, d) = try F.read("naam;bedrag;aantal\nA;1,5;3\nB;-2,25;4\nC;10;5\n")
        #expect(d.decimalComma)
        #expect(F.type(t, "bedrag") == .float)
        #expect(F.column(t, "bedrag") == [.float(1.5), .float(-2.25), .float(10)])
        #expect(F.column(t, "aantal") == [.int(3), .int(4), .int(5)])
    }

    @Test func decimalCommaNotSniffedWhenColumnUsesPoints() throws {
        let (t, d) = try F.read("a;b\n1,5;x\n2.5;y\n")
        #expect(!d.decimalComma)
        #expect(F.column(t, "a") == [.string("1,5"), .string("2.5")])
    }

    @Test func decimalCommaNeverSniffedWithCommaDelimiter() throws {
        let (t, d) = try F.read("a,b\n\"1,5\",x\n\"2,5\",y\n")
        #expect(!d.decimalComma)
        #expect(F.column(t, "a") == [.string("1,5"), .string("2,5")])
    }

    @Test func decimalCommaForced() throws {
        let (t, d) = try F.read("a,b\n\"1,5\",x\n\"2,5\",y\n") { $0.decimalComma = true }
        #expect(d.decimalComma)
        #expect(F.column(t, "a") == [.float(1.5), .float(2.5)])
    }

    @Test func decimalCommaMakesPointNumbersText() throws {
        // With decimal comma, "1.500" could be a thousands separator: never a float.
        let (t, _) = try F.read("a;b\n1,5;1.500\n2,5;3\n")
        #expect(F.column(t, "a") == [.float(1.5), .float(2.5)])
        #expect(F.column(t, "b") == [.string("1.500"), .string("3")])
    }

    @Test func headerDetected() throws {
        let (t, d) = try F.read("id,name\n1,a\n2,b\n")
        #expect(d.header)
        #expect(t.names == ["id", "name"])
        #expect(t.rowCount == 2)
    }

    @Test func noHeaderWhenFirstRowIsData() throws {
        let (t, d) = try F.read("1,a,2024-01-05\n2,b,2024-02-06\n3,c,2024-03-07\n")
        #expect(!d.header)
        #expect(t.names == ["column_1", "column_2", "column_3"])
        #expect(F.column(t, "column_1") == [.int(1), .int(2), .int(3)])
        #expect(F.type(t, "column_3") == .date)
    }

    @Test func headerWhenFirstRowDoesNotFitTypes() throws {
        // "2020" fits the int column, but "name" is text over a text column
        // and "year" does not fit ints.
        let (t, d) = try F.read("name,year\nx,2020\ny,2021\n")
        #expect(d.header)
        #expect(t.names == ["name", "year"])
    }

    @Test func allTextFileHasHeader() throws {
        let (t, d) = try F.read("x,y\nz,w\n")
        #expect(d.header)
        #expect(t.names == ["x", "y"])
        #expect(t.rowCount == 1)
    }

    @Test func numericHeaderStillDetectedWhenColumnsAreText() throws {
        // First row "2019,2020" looks numeric, but the other rows are text:
        // the first row does not make the file typed, so it is a header.
        let (t, d) = try F.read("2019,2020\nlaag,hoog\nmidden,laag\n")
        #expect(d.header)
        #expect(t.names == ["2019", "2020"])
    }

    @Test func headerWithEmptyFirstCell() throws {
        // A pandas export: the index column has no name.
        let (t, d) = try F.read(",name,city\n0,Bob,Delft\n1,Ann,Leiden\n")
        #expect(d.header)
        #expect(t.names == ["column_1", "name", "city"])
        #expect(F.column(t, "column_1") == [.int(0), .int(1)])
    }

    @Test func noHeaderWithEmptyCellsInFirstRow() throws {
        let (t, d) = try F.read("1,,x\n2,5,y\n3,6,z\n")
        #expect(!d.header)
        #expect(F.column(t, "column_2") == [.null, .int(5), .int(6)])
    }

    @Test func headerForcedOff() throws {
        let (t, d) = try F.read("a,b\nc,d\n") { $0.header = false }
        #expect(!d.header)
        #expect(t.names == ["column_1", "column_2"])
        #expect(F.column(t, "column_1") == [.string("a"), .string("c")])
    }

    @Test func headerNamesTrimmedEmptyAndDuplicate() throws {
        let (t, _) = try F.read(" id , ,name,name,id_2,name\n1,2,3,4,5,6\n")
        #expect(t.names == ["id", "column_2", "name", "name_2", "id_2", "name_3"])
    }

    @Test func duplicateNameSkipsTakenSuffix() throws {
        let (t, _) = try F.read("a,a,a_2\n1,2,3\n")
        #expect(t.names == ["a", "a_3", "a_2"])
    }

    @Test func byteOrderMark() throws {
        let (t, d) = try F.read(bytes: [0xEF, 0xBB, 0xBF] + Array("naam,n\nx,1\n".utf8))
        #expect(d.encoding == .utf8BOM)
        #expect(t.names == ["naam", "n"])
    }

    @Test func plainUTF8() throws {
        let (t, d) = try F.read("naam\ncafé\n€ 5\n")
        #expect(d.encoding == .utf8)
        #expect(F.column(t, "naam") == [.string("café"), .string("€ 5")])
    }

    @Test func windows1252() throws {
        let bytes: [UInt8] =
            Array("naam;prijs\ncaf".utf8) + [0xE9] + Array(";1\n".utf8) + [0x80] + Array(" 5;2\n".utf8)
            + Array("na".utf8) + [0xEF, 0x76, 0x65, 0x3B, 0x33, 0x0A]
        let (t, d) = try F.read(bytes: bytes)
        #expect(d.encoding == .windows1252)
        #expect(F.column(t, "naam") == [.string("café"), .string("€ 5"), .string("naïve")])
    }

    @Test func windows1252Table() {
        #expect(TextDecoding.windows1252Table[0x80] == 0x20AC)
        #expect(TextDecoding.windows1252Table[0x9F] == 0x0178)
        #expect(TextDecoding.windows1252Table[0xE9] == 0xE9)
        let out = [UInt8](0...255).withUnsafeBufferPointer { TextDecoding.transcodeWindows1252($0) }
        #expect(TextDecoding.firstInvalidUTF8(out.withUnsafeBufferPointer { $0 }) == nil)
    }

    @Test func forcedUTF8OnInvalidBytesIsAnError() {
        let bytes: [UInt8] = Array("a\nb\ncaf".utf8) + [0xE9] + Array("\n".utf8)
        let e = F.error(bytes: bytes) { $0.encoding = .utf8 }
        guard case .badFile(_, let message, let line)? = e else {
            Issue.record("expected badFile, got \(String(describing: e))")
            return
        }
        #expect(line == 3)
        #expect(message.contains("UTF-8"))
    }

    @Test func forcedWindows1252() throws {
        // Valid UTF-8 read as Windows-1252 on request: "é" becomes "Ã©".
        let (t, d) = try F.read("a\ncafé\n") { $0.encoding = .windows1252 }
        #expect(d.encoding == .windows1252)
        #expect(F.column(t, "a") == [.string("cafÃ©")])
    }

    @Test func utf8Validation() {
        func valid(_ b: [UInt8]) -> Bool { b.withUnsafeBufferPointer { TextDecoding.firstInvalidUTF8($0) == nil } }
        #expect(valid(Array("héllo wörld ✓ 𝄞".utf8)))
        #expect(!valid([0xC0, 0x80]))  // overlong
        #expect(!valid([0xED, 0xA0, 0x80]))  // surrogate
        #expect(!valid([0xF4, 0x90, 0x80, 0x80]))  // > U+10FFFF
        #expect(!valid([0xE2, 0x82]))  // truncated
        #expect(!valid(Array(repeating: 0x41, count: 40) + [0x80]))
    }

    /// Validation's census says whether a quote and a CR occur, wherever
    /// they stand: in a 64-byte step, in the bytes after one, after a
    /// multi-byte character, across the pieces of a buffer checked on two
    /// cores (over 1 MiB). The reference is a plain search of the bytes.
    @Test func validationCountsQuotesAndCarriageReturns() {
        let filler = Array("ab,cd é 12\n".utf8)
        let big = (0..<(1 << 17)).flatMap { _ in filler }
        for base in [Array("x".utf8), Array(repeating: 0x41, count: 200), big] {
            for insert in [nil, 0x22, 0x0D] as [UInt8?] {
                for at in [0, 8, 63, 64, 130, base.count - 1] where at < base.count && base[at] < 0x80 {
                    var bytes = base
                    if let insert { bytes[at] = insert }
                    let (invalid, census) = bytes.withUnsafeBufferPointer { TextDecoding.validateUTF8($0) }
                    #expect(invalid == nil)
                    #expect(census.quote == bytes.contains(0x22), "\(bytes.count) bytes, \(String(describing: insert)) at \(at)")
                    #expect(census.carriageReturn == bytes.contains(0x0D), "\(bytes.count) bytes, \(String(describing: insert)) at \(at)")
                }
            }
        }
    }

    @Test func lineEndings() throws {
        let expected: [Value] = [.int(1), .int(3), .int(5)]
        for text in ["a,b\r\n1,2\r\n3,4\r\n5,6\r\n", "a,b\n1,2\r\n3,4\r5,6", "a,b\r1,2\r3,4\r5,6\r\r\n\n"] {
            let (t, _) = try F.read(text)
            #expect(F.column(t, "a") == expected, "\(text.debugDescription)")
            #expect(F.column(t, "b") == [.int(2), .int(4), .int(6)])
        }
    }

    @Test func trailingAndBlankLines() throws {
        let (t, _) = try F.read("\n\na,b\n1,2\n\n3,4\n\n  \n\n")
        #expect(t.rowCount == 2)
        #expect(F.column(t, "a") == [.int(1), .int(3)])
    }

    @Test func finalLineWithoutNewlineKeepsTrailingSpaces() throws {
        let (t, _) = try F.read("a,b\n1,x  ")
        #expect(F.column(t, "b") == [.string("x  ")])
    }
}

// MARK: - Quoting

@Suite struct CSVQuotingReaderTests {
    typealias F = ReaderFixture

    @Test func doubledQuotes() throws {
        let (t, _) = try F.read("a,b\n\"he said \"\"hi\"\"\",1\n\"\"\"\",2\n")
        #expect(F.column(t, "a") == [.string("he said \"hi\""), .string("\"")])
    }

    @Test func embeddedNewlinesAndDelimiters() throws {
        let (t, _) = try F.read("a,b,c\n\"line 1\nline 2\",\"x,y\",1\n\"crlf\r\ninside\",z,2\n")
        #expect(F.column(t, "a") == [.string("line 1\nline 2"), .string("crlf\r\ninside")])
        #expect(F.column(t, "b") == [.string("x,y"), .string("z")])
        #expect(F.column(t, "c") == [.int(1), .int(2)])
    }

    @Test func quotedNumbersAreNumbers() throws {
        let (t, _) = try F.read("\"a\",\"b\"\n\"1\",\"2.5\"\n\"3\",\"\"\n")
        #expect(F.column(t, "a") == [.int(1), .int(3)])
        #expect(F.column(t, "b") == [.float(2.5), .null])
    }

    @Test func quoteInsideUnquotedFieldIsKept() throws {
        let (t, _) = try F.read("a,b\nab\"c,1\n5\" screen,2\n")
        #expect(F.column(t, "a") == [.string("ab\"c"), .string("5\" screen")])
    }

    @Test func textAfterClosingQuoteIsKept() throws {
        let (t, _) = try F.read("a,b\n\"ab\"c,1\n")
        #expect(F.column(t, "a") == [.string("abc")])
    }

    @Test func unterminatedQuoteNamesItsLine() {
        let e = F.error("a,b\n1,2\n3,\"never\nclosed,4\n5,6\n")
        guard case .badFile(_, let message, let line)? = e else {
            Issue.record("expected badFile, got \(String(describing: e))")
            return
        }
        #expect(line == 3)
        #expect(message.contains("never closed"))
    }

    @Test func lineNumbersCountNewlinesInsideQuotes() {
        let e = F.error("a,b\n\"x\ny\nz\",1\n2\n")
        guard case .badFile(_, _, let line)? = e else {
            Issue.record("expected badFile, got \(String(describing: e))")
            return
        }
        #expect(line == 5)
    }
}

// MARK: - Types

@Suite struct CSVTypesReaderTests {
    typealias F = ReaderFixture

    @Test func basicTypes() throws {
        let (t, _) = try F.read(
            """
            i,f,b,d,s
            1,1.5,true,2024-02-29,x
            -20,-0.25,FALSE,1999-12-31,y
            0,1e-05,True,1970-01-01,z
            """)
        #expect(F.type(t, "i") == .int)
        #expect(F.type(t, "f") == .float)
        #expect(F.type(t, "b") == .bool)
        #expect(F.type(t, "d") == .date)
        #expect(F.type(t, "s") == .string)
        #expect(F.column(t, "i") == [.int(1), .int(-20), .int(0)])
        #expect(F.column(t, "f") == [.float(1.5), .float(-0.25), .float(1e-05)])
        #expect(F.column(t, "b") == [.bool(true), .bool(false), .bool(true)])
        #expect(F.column(t, "d") == [F.date("2024-02-29"), F.date("1999-12-31"), .date(0)])
    }

    @Test func intWidensToFloatLateInFile() throws {
        var lines = ["n"]
        for i in 0..<5000 { lines.append(String(i)) }
        lines.append("0.5")
        let (t, _) = try F.read(lines.joined(separator: "\n"))
        #expect(F.type(t, "n") == .float)
        #expect(t.column("n")?.value(at: 4999) == .float(4999))
        #expect(t.column("n")?.value(at: 5000) == .float(0.5))
    }

    @Test func textLateInFileMakesColumnStringWithOriginalText() throws {
        var lines = ["n"]
        for i in 0..<3000 { lines.append(i % 2 == 0 ? String(i) : "\(i).50") }
        lines.append("n/a")
        let (t, _) = try F.read(lines.joined(separator: "\n"))
        #expect(F.type(t, "n") == .string)
        #expect(t.column("n")?.value(at: 1) == .string("1.50"))
        #expect(t.column("n")?.value(at: 3000) == .string("n/a"))
    }

    @Test func leadingZerosStayText() throws {
        let (t, _) = try F.read("gemeente,code\nAmsterdam,0363\nUtrecht,344\nDen Haag,0518\n")
        #expect(F.type(t, "code") == .string)
        #expect(F.column(t, "code") == [.string("0363"), .string("344"), .string("0518")])
    }

    @Test func zeroAloneIsAnInt() throws {
        let (t, _) = try F.read("a\n0\n10\n-3\n")
        #expect(F.column(t, "a") == [.int(0), .int(10), .int(-3)])
    }

    @Test func nonCanonicalNumbersAreText() throws {
        for v in ["-0", "+5", "00.5", ".5", "5.", " 12", "12 ", "1_000", "0x10", "1e", "--1"] {
            let (t, _) = try F.read("a\n\"\(v)\"\n1\n")
            #expect(F.type(t, "a") == .string, "\(v)")
            #expect(t.column("a")?.value(at: 0) == .string(v), "\(v)")
        }
    }

    @Test func impossibleDateIsText() throws {
        let (t, _) = try F.read("d\n2024-02-28\n2024-02-30\n")
        #expect(F.type(t, "d") == .string)
        #expect(F.column(t, "d") == [.string("2024-02-28"), .string("2024-02-30")])
        let (u, _) = try F.read("d\n2023-02-29\n")
        #expect(F.type(u, "d") == .string)
        let (v, _) = try F.read("d\n2000-02-29\n2024-2-01\n")
        #expect(F.type(v, "d") == .string)
    }

    @Test func boolsInAnyCase() throws {
        let (t, _) = try F.read("b\ntrue\nFALSE\nTrue\nfAlSe\n")
        #expect(F.column(t, "b") == [.bool(true), .bool(false), .bool(true), .bool(false)])
        let (u, _) = try F.read("b\ntrue\nyes\n")
        #expect(F.type(u, "b") == .string)
    }

    @Test func nulls() throws {
        let (t, _) = try F.read("a,b,c\n1,,\n,x,\n3,\"\",\n")
        #expect(F.column(t, "a") == [.int(1), .null, .int(3)])
        // `""` is the empty string; only an empty unquoted field is null.
        #expect(F.column(t, "b") == [.null, .string("x"), .string("")])
        #expect(F.type(t, "c") == .string)
        #expect(t.column("c")?.nullCount == 3)
    }

    @Test func extraNullValues() throws {
        let (t, _) = try F.read("a,b\n1,NA\nNA,2\n3,-\n") { $0.nullValues = ["NA", "-"] }
        #expect(F.column(t, "a") == [.int(1), .null, .int(3)])
        #expect(F.column(t, "b") == [.null, .int(2), .null])
    }

    @Test func bigIntegers() throws {
        let (t, _) = try F.read(
            "a,b,c,d\n99999999999999999999,1.5,9223372036854775807,9223372036854775808\n1,99999999999999999999,-9223372036854775808,1\n")
        #expect(F.type(t, "a") == .string)
        #expect(F.column(t, "a") == [.string("99999999999999999999"), .string("1")])
        #expect(F.column(t, "b") == [.float(1.5), .float(1e20)])
        #expect(F.column(t, "c") == [.int(Int64.max), .int(Int64.min)])
        #expect(F.column(t, "d") == [.string("9223372036854775808"), .string("1")])
    }

    @Test func floatsAreExact() throws {
        let texts = [
            "0.1", "123.456", "3.141592653589793", "1.7976931348623157e308", "2.2250738585072014e-308",
            "0.30000000000000004", "9007199254740993.0", "123456789012345678901234567890.5", "5e-324",
        ]
        let (t, _) = try F.read("f\n" + texts.joined(separator: "\n"))
        #expect(F.type(t, "f") == .float)
        for (i, s) in texts.enumerated() {
            #expect(t.column("f")?.value(at: i) == .float(Double(s) ?? .nan), "\(s)")
        }
    }

    @Test func hugeExponentIsText() throws {
        let (t, _) = try F.read("f\n1.5\n1e400\n")
        #expect(F.type(t, "f") == .string)
        #expect(F.column(t, "f") == [.string("1.5"), .string("1e400")])
    }

    @Test func forcedTypes() throws {
        let (t, _) = try F.read("code,n,when,ok\n0599,1,2024-01-02,1\n0600,2.5,2024-01-03,false\n") {
            $0.types = ["code": .int, "n": .string, "ok": .bool]
        }
        #expect(F.column(t, "code") == [.int(599), .int(600)])
        #expect(F.column(t, "n") == [.string("1"), .string("2.5")])
        #expect(F.column(t, "ok") == [.bool(true), .bool(false)])
        #expect(F.type(t, "when") == .date)
    }

    @Test func forcedTypeErrorNamesColumnValueAndLine() {
        let e = F.error("id,n\n1,10\n2,20\n3,abc\n4,40\n") { $0.types = ["n": .int] }
        guard case .badFile(let path, let message, let line)? = e else {
            Issue.record("expected badFile, got \(String(describing: e))")
            return
        }
        #expect(path == "t.csv")
        #expect(line == 4)
        #expect(message.contains("\"n\""))
        #expect(message.contains("\"abc\""))
        #expect(message.contains("int"))
    }

    @Test func forcedDateAndFloatErrors() {
        let e = F.error("d\n2024-01-01\n2024-13-01\n") { $0.types = ["d": .date] }
        guard case .badFile(_, let message, let line)? = e else {
            Issue.record("expected badFile, got \(String(describing: e))")
            return
        }
        #expect(line == 3)
        #expect(message.contains("2024-13-01"))
        let f = F.error("x\n1.5\n2,5\n") { $0.types = ["x": .float] }
        guard case .badFile(_, _, let fline)? = f else {
            Issue.record("expected badFile, got \(String(describing: f))")
            return
        }
        #expect(fline == 3)
    }

    @Test func forcedTypeOnUnknownColumn() {
        let e = F.error("a,b\n1,2\n") { $0.types = ["c": .int] }
        guard case .badFile(_, let message, _)? = e else {
            Issue.record("expected badFile, got \(String(describing: e))")
            return
        }
        #expect(message.contains("\"c\""))
    }

    @Test func forcedIntOverflowIsAnError() {
        let e = F.error("a\n1\n99999999999999999999\n") { $0.types = ["a": .int] }
        guard case .badFile(_, _, let line)? = e else {
            Issue.record("expected badFile, got \(String(describing: e))")
            return
        }
        #expect(line == 3)
    }

    @Test func stringsAreDictionaryEncodedInOrderOfAppearance() throws {
        let (t, _) = try F.read("s\nb\na\nb\nc\na\n")
        guard case .string(let codes, let dict)? = t.column("s")?.storage else {
            Issue.record("not a string column")
            return
        }
        #expect(dict.values == ["b", "a", "c"])
        #expect(codes == [0, 1, 0, 2, 1])
    }
}

// MARK: - Shapes and errors

@Suite struct CSVShapeReaderTests {
    typealias F = ReaderFixture

    @Test func raggedRowNamesLineAndCounts() {
        let e = F.error("a,b,c\n1,2,3\n4,5\n6,7,8\n")
        guard case .badFile(_, let message, let line)? = e else {
            Issue.record("expected badFile, got \(String(describing: e))")
            return
        }
        #expect(line == 3)
        #expect(message.contains("expected 3 fields, found 2"))
        #expect(message.contains("delimiter"))
    }

    @Test func tooManyFields() {
        let e = F.error("a,b\n1,2\n3,4\n5,6,7\n")
        guard case .badFile(_, let message, let line)? = e else {
            Issue.record("expected badFile, got \(String(describing: e))")
            return
        }
        #expect(line == 4)
        #expect(message.contains("expected 2 fields, found 3"))
    }

    @Test func emptyFiles() {
        for text in ["", "\n", "\r\n\r\n", "   \n \t \n"] {
            let e = F.error(text)
            #expect(e == .badFile(path: "t.csv", message: "empty file", line: nil), "\(text.debugDescription)")
        }
        #expect(F.error(bytes: [0xEF, 0xBB, 0xBF]) == .badFile(path: "t.csv", message: "empty file", line: nil))
    }

    @Test func headerOnly() throws {
        let (t, d) = try F.read("id,name,when\n")
        #expect(d.header)
        #expect(t.rowCount == 0)
        #expect(t.names == ["id", "name", "when"])
        #expect(t.fields.allSatisfy { $0.type == .string })
    }

    @Test func projection() throws {
        let text = "a,b,c,d\n1,x,2.5,true\n2,y,3.5,false\n"
        let (t, _) = try F.read(text) { $0.columns = ["d", "a"] }
        #expect(t.names == ["a", "d"])
        #expect(F.column(t, "a") == [.int(1), .int(2)])
        #expect(F.column(t, "d") == [.bool(true), .bool(false)])
        let (u, _) = try F.read(text) { $0.columns = ["b"] }
        #expect(u.names == ["b"])
        #expect(F.column(u, "b") == [.string("x"), .string("y")])
    }

    @Test func projectionStillChecksEveryRecord() {
        let e = F.error("a,b,c\n1,2,3\n4,5\n") { $0.columns = ["a"] }
        guard case .badFile(_, let message, let line)? = e else {
            Issue.record("expected badFile, got \(String(describing: e))")
            return
        }
        #expect(line == 3)
        #expect(message.contains("found 2"))
    }

    @Test func projectionIgnoresNamesTheFileLacks() throws {
        let (t, _) = try F.read("a,b\n1,2\n3,4\n") { $0.columns = ["zz", "b"] }
        #expect(t.names == ["b"])
        #expect(F.column(t, "b") == [.int(2), .int(4)])
        let (u, _) = try F.read("a,b\n1,2\n3,4\n") { $0.columns = ["zz"] }
        #expect(u.columnCount == 0)
        #expect(u.rowCount == 2)
    }

    @Test func schemaWithoutMaterializing() throws {
        let (s, d) = try CSVReader.schema(
            .bytes(Array("a;b;c\n1;x;1,5\n2;y;2\n".utf8), name: "s.csv"),
            options: CSVOptions(), cancel: .never)
        #expect(s == [Field("a", .int), Field("b", .string), Field("c", .float)])
        #expect(d == CSVDecisions(delimiter: UInt8(ascii: ";"), decimalComma: true, header: true, encoding: .utf8))
    }

    @Test func readFromPath() throws {
        let path = "/tmp/werkbank-reader-test-\(UInt64.random(in: 0...UInt64.max)).csv"
        let text = "a,b\n1,x\n2,y\n"
        let written = text.withCString { s -> Bool in
            guard let f = fopen(path, "w") else { return false }
            defer { fclose(f) }
            return fputs(s, f) >= 0
        }
        #expect(written)
        defer { remove(path) }
        let (t, _) = try CSVReader.read(.file(path: path), options: CSVOptions(), cancel: .never)
        #expect(F.column(t, "b") == [.string("x"), .string("y")])
        let (s, _) = try CSVReader.schema(.file(path: path), options: CSVOptions(), cancel: .never)
        #expect(s.map(\.type) == [.int, .string])
        #expect(throws: EngineError.self) { try CSVReader.read(.file(path: path + ".missing"), options: CSVOptions(), cancel: .never) }
    }

    @Test func cancelled() {
        let token = CancellationToken()
        token.cancel()
        #expect(throws: EngineError.cancelled) {
            try CSVReader.read(.bytes(Array("a\n1\n".utf8), name: "t.csv"), options: CSVOptions(), cancel: token)
        }
    }

    @Test func nulBytesAreData() throws {
        let (t, _) = try F.read(bytes: Array("a,b\nx".utf8) + [0] + Array("y,1\n".utf8))
        #expect(F.column(t, "a") == [.string("x\u{0}y")])
    }

    @Test func manyColumns() throws {
        let n = 5000
        let header = (0..<n).map { "c\($0)" }.joined(separator: ",")
        let row = (0..<n).map { String($0) }.joined(separator: ",")
        let (t, _) = try F.read(header + "\n" + row + "\n" + row + "\n")
        #expect(t.columnCount == n)
        #expect(t.column("c4999")?.value(at: 1) == .int(4999))
    }

    @Test func manyDuplicateNames() throws {
        let n = 3000
        let header = Array(repeating: "x", count: n).joined(separator: ",")
        let (t, _) = try F.read(header + "\n" + Array(repeating: "1", count: n).joined(separator: ",") + "\n")
        #expect(Set(t.names).count == n)
        #expect(t.names[2999] == "x_3000")
    }

    @Test func longSingleLine() throws {
        let big = String(repeating: "abcdefghij", count: 1_000_000)  // 10 MB
        let (t, _) = try F.read("a,b\n" + big + ",1\n")
        guard case .string(_, let dict)? = t.column("a")?.storage else {
            Issue.record("not a string column")
            return
        }
        #expect(dict.values.first?.utf8.count == 10_000_000)
    }
}

// MARK: - Chunks

@Suite struct CSVChunkReaderTests {
    typealias F = ReaderFixture

    /// A > 2 MB file with quoted fields (embedded newlines and delimiters),
    /// nulls, a float that appears only near the end and repeated strings.
    static func bigFile(rows: Int, strayQuotes: Bool = false) -> String {
        var out = "id;name;amount;note;day\r\n"
        out.reserveCapacity(rows * 60)
        for i in 0..<rows {
            let amount = i == rows - 3 ? "12,75" : String(i % 1000)
            let note: String
            switch i % 7 {
            case 0: note = "\"multi\nline \(i % 13)\""
            case 1: note = "\"semi;colon \"\"q\"\"\""
            case 2: note = ""
            case 3: note = strayQuotes && i % 3 == 0 ? "5\" inch" : "plain \(i % 50)"
            default: note = "n\(i % 100)"
            }
            let day = String(format2(2000 + i % 20)) + "-0\(1 + i % 9)-1\(i % 10)"
            out += "\(i);naam \(i % 37);\(amount);\(note);\(day)\r\n"
        }
        return out
    }

    static func format2(_ v: Int) -> String { String(v) }

    static func assertSame(_ a: Table, _ b: Table) {
        #expect(a.names == b.names)
        #expect(a.rowCount == b.rowCount)
        for (x, y) in zip(a.columns, b.columns) {
            #expect(x.type == y.type)
            #expect(x.validity == y.validity)
            switch (x.storage, y.storage) {
            case (.int(let p), .int(let q)): #expect(p == q)
            case (.float(let p), .float(let q)): #expect(p == q)
            case (.bool(let p), .bool(let q)): #expect(p == q)
            case (.date(let p), .date(let q)): #expect(p == q)
            case (.string(let pc, let pd), .string(let qc, let qd)):
                #expect(pc == qc)
                #expect(pd.values == qd.values)
            default: Issue.record("storage differs")
            }
        }
    }

    @Test func multiChunkEqualsSingleChunk() throws {
        let text = Self.bigFile(rows: 60_000)
        #expect(text.utf8.count > 2_000_000)
        let (auto, d1) = try F.read(text)
        let (many, d2) = try F.read(text) { $0.chunkBytes = 100_000 }
        let (one, d3) = try F.read(text) { $0.chunkBytes = Int.max }
        #expect(d1 == d2 && d2 == d3)
        #expect(d1.decimalComma)
        #expect(auto.rowCount == 60_000)
        Self.assertSame(auto, one)
        Self.assertSame(many, one)
        #expect(F.type(one, "amount") == .float)
        #expect(F.type(one, "day") == .date)
        #expect(one.column("amount")?.value(at: 60_000 - 3) == .float(12.75))
        #expect(one.column("note")?.value(at: 7) == .string("multi\nline 7"))
        #expect(one.column("note")?.value(at: 8) == .string("semi;colon \"q\""))
        #expect(one.column("note")?.value(at: 9) == .null)
    }

    @Test func strayQuotesAcrossChunks() throws {
        // Stray quotes upset the quote parity used to guess chunk starts;
        // the parse must notice and still read every record right.
        let text = Self.bigFile(rows: 20_000, strayQuotes: true)
        let (many, _) = try F.read(text) { $0.chunkBytes = 50_000 }
        let (one, _) = try F.read(text) { $0.chunkBytes = Int.max }
        Self.assertSame(many, one)
        #expect(one.rowCount == 20_000)
        #expect(one.column("note")?.value(at: 3) == .string("5\" inch"))
    }

    @Test func quotedFieldLongerThanAChunk() throws {
        var text = "id,text\n"
        for i in 0..<2000 { text += "\(i),short \(i)\n" }
        let long = String(repeating: "line,with \"\"quotes\"\"\n", count: 20_000)  // ~500 KB in one field
        text += "2000,\"\(long)\"\n"
        for i in 2001..<4000 { text += "\(i),\"x\ny\"\n" }
        let (many, _) = try F.read(text) { $0.chunkBytes = 40_000 }
        let (one, _) = try F.read(text) { $0.chunkBytes = Int.max }
        Self.assertSame(many, one)
        #expect(one.rowCount == 4000)
        #expect(one.column("text")?.value(at: 2000) == .string(long.replacingOccurrences(of: "\"\"", with: "\"")))
        #expect(one.column("id")?.value(at: 3999) == .int(3999))
    }

    @Test func strayQuoteEarlyInALargeFile() throws {
        // One stray quote makes every parity guess wrong; the read must stay linear.
        var text = "a,b\n1,5\" screen\n"
        for i in 0..<200_000 { text += "\(i),v\(i % 10)\n" }
        let (t, _) = try F.read(text) { $0.chunkBytes = 10_000 }
        #expect(t.rowCount == 200_001)
        #expect(t.column("b")?.value(at: 0) == .string("5\" screen"))
        #expect(t.column("a")?.value(at: 200_000) == .int(199_999))
    }

    @Test func raggedRowFoundInLaterChunk() {
        var text = "a,b\n"
        for i in 0..<100_000 { text += "\(i),x\n" }
        text += "1,2,3\n"
        for i in 0..<1000 { text += "\(i),y\n" }
        for size in [Int.max, 64_000] {
            let e = F.error(text) { $0.chunkBytes = size }
            guard case .badFile(_, let message, let line)? = e else {
                Issue.record("expected badFile, got \(String(describing: e))")
                return
            }
            #expect(line == 100_002)
            #expect(message.contains("expected 2 fields, found 3"))
        }
    }

    @Test func chunkPlanRespectsQuotes() {
        let text = Array(("a\n\"x\ny\"\n" + String(repeating: "\"p\nq\"\n", count: 1000)).utf8)
        text.withUnsafeBufferPointer { b in
            guard let p = b.baseAddress else { return }
            let bounds = CSVChunks.plan(p, from: 2, end: b.count, chunkBytes: 7).bounds
            #expect(bounds.first == 2)
            #expect(bounds.last == b.count)
            for x in bounds.dropFirst().dropLast() {
                // Every boundary follows a line end outside quotes: an even number of quotes before it.
                let quotes = b[0..<x].filter { $0 == 0x22 }.count
                #expect(quotes % 2 == 0)
                #expect(b[x - 1] == 0x0A)
            }
        }
    }
}

// MARK: - Scanner paths

@Suite struct CSVScannerReaderTests {
    /// Records every field it is given.
    struct Recorder: CSVFieldVisitor {
        var records: [[Int]] = []
        var current: [Int] = []
        mutating func field(_ column: Int, _ f: CSVField) -> Bool {
            current.append(contentsOf: [column, f.start, f.end])
            return true
        }
        mutating func endRecord(fields: Int) {
            current.append(-fields)
            records.append(current)
            current = []
        }
    }

    /// A small deterministic generator (xorshift).
    struct Random {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(n))
        }
    }

    /// The fast path for text without quotes (64-byte bitmasks) must find
    /// exactly the records, fields and errors of the general scanner, across
    /// block edges, CR/LF/CRLF endings, blank lines and skipped tails.
    @Test func plainPathMatchesGeneralScanner() {
        var random = Random(state: 0x9E37_79B9_7F4A_7C15)
        let alphabet: [UInt8] = Array("ab1,,;\n\n\r ".utf8)
        for trial in 0..<3000 {
            let length = random.next(300)
            let text = (0..<length).map { _ in alphabet[random.next(alphabet.count)] }
            let delimiter: UInt8? = trial % 5 == 0 ? nil : (trial % 3 == 0 ? UInt8(ascii: ";") : UInt8(ascii: ","))
            let columns = [1, 2, 3, Int.max][trial % 4]
            let check = columns != Int.max
            let lastWanted = trial % 7 == 0 ? 0 : Int.max
            let limit = trial % 11 == 0 ? length / 2 : length
            text.withUnsafeBufferPointer { b in
                guard let p = b.baseAddress else { return }
                func run(_ plain: Bool, crFree: Bool) -> ([[Int]], CSVScanResult) {
                    var r = Recorder()
                    let res = CSVScanner.scan(
                        p, count: b.count, from: 0, limit: limit, columns: columns, checkColumns: check,
                        lastWanted: lastWanted, quoteFree: plain, crFree: crFree,
                        dialect: CSVDialect(delimiter: delimiter), visitor: &r, cancel: .never)
                    return (r.records, res)
                }
                let (general, g) = run(false, crFree: false)
                let (plain, q) = run(true, crFree: !text.contains(0x0D))
                // Skipped tails are only counted: compare the wanted columns.
                func wanted(_ records: [[Int]]) -> [[Int]] {
                    records.map { rec in
                        var out: [Int] = []
                        var i = 0
                        while i < rec.count {
                            if rec[i] < 0 {
                                out.append(rec[i])
                                i += 1
                                continue
                            }
                            if rec[i] <= lastWanted { out.append(contentsOf: rec[i..<min(i + 3, rec.count)]) }
                            i += 3
                        }
                        return out
                    }
                }
                #expect(wanted(general) == wanted(plain), "trial \(trial): \(String(decoding: text, as: UTF8.self).debugDescription)")
                #expect(g.end == q.end && g.rows == q.rows && g.failure == q.failure, "trial \(trial)")
            }
        }
    }
}

/// Found by fuzz-csv: a repeated header line is skipped when sniffing; forcing
/// the sniffed decisions and types must read the same table, so it is skipped
/// with forced types too (it would not parse as them).
@Suite struct RepeatedHeaderForcedTests {
    @Test func forcedTypesSkipARepeatedHeaderLikeSniffing() throws {
        let input = Array("id,n\n1,2\nid,n\n3,4\n".utf8)
        let (sniffed, decisions) = try CSVReader.read(.bytes(input, name: "t.csv"), options: CSVOptions(), cancel: .never)
        #expect(decisions.repeatedHeaders == 1)
        var forced = CSVOptions()
        forced.delimiter = decisions.delimiter
        forced.header = decisions.header
        for f in sniffed.fields { forced.types[f.name] = f.type }
        let (again, more) = try CSVReader.read(.bytes(input, name: "t.csv"), options: forced, cancel: .never)
        #expect(more.repeatedHeaders == 1)
        #expect(again.fields == sniffed.fields)
        #expect((0..<2).map { again.columns[0].value(at: $0) } == [.int(1), .int(3)])
        #expect((0..<2).map { again.columns[1].value(at: $0) } == [.int(2), .int(4)])
    }
}

/// Found by fuzz-csv: whether repeated header lines are skipped is decided
/// by all columns (here `n` shows its own name), so a projection that leaves
/// `n` out reads the same rows as the whole file.
@Suite struct RepeatedHeaderProjectionTests {
    let input = Array("naam,n\nx,1\nnaam,n\ny,2\n".utf8)

    @Test(arguments: [Set(["naam"]), Set<String>()])
    func aProjectionSkipsTheLinesTheWholeFileSkips(columns: Set<String>) throws {
        var options = CSVOptions()
        options.columns = columns
        let (t, decisions) = try CSVReader.read(.bytes(input, name: "t.csv"), options: options, cancel: .never)
        #expect(decisions.repeatedHeaders == 1)
        #expect(t.rowCount == 2)
        if columns.contains("naam") {
            #expect((0..<2).map { t.columns[0].value(at: $0) } == [.string("x"), .string("y")])
        }
    }

    /// The search goes window by window (8 MB, pages released behind): a
    /// header line across a window's end is found.
    @Test func aRepeatedHeaderAcrossAWindowsEnd() throws {
        let header = "naam,n\n"
        let boundary = header.utf8.count + (8 << 20)
        var text = header
        text.reserveCapacity(boundary + 64)
        while text.utf8.count + 4 <= boundary - 3 - 10 { text += "x,1\n" }
        text += "y," + String(repeating: "9", count: boundary - 3 - text.utf8.count - 3) + "\n"
        #expect(text.utf8.count == boundary - 3)
        text += header + "z,2\n"
        var options = CSVOptions()
        options.columns = ["naam"]
        let (t, decisions) = try CSVReader.read(.bytes(Array(text.utf8), name: "t.csv"), options: options, cancel: .never)
        #expect(decisions.repeatedHeaders == 1)
        #expect(t.columns[0].value(at: t.rowCount - 1) == .string("z"))
        #expect(t.columns[0].value(at: t.rowCount - 2) == .string("y"))
    }

    @Test func aTextColumnWithoutRepeatsReadsEveryRow() throws {
        // The header's bytes recur inside a line, not as a whole line: no skip.
        var options = CSVOptions()
        options.columns = ["naam"]
        let text = Array("naam,n\n\"naam,n\",1\ny,2\n".utf8)
        let (t, decisions) = try CSVReader.read(.bytes(text, name: "t.csv"), options: options, cancel: .never)
        #expect(decisions.repeatedHeaders == 0)
        #expect(t.rowCount == 2)
    }
}
