import Testing
@testable import WerkbankEngine
@testable import WerkbankReaders

@Suite struct JSONReaderTests {
    static func read(_ text: String, name: String = "t.json", columns: Set<String>? = nil) throws -> Table {
        try JSONReader.read(.bytes(Array(text.utf8), name: name), columns: columns, cancel: .never)
    }

    static func error(_ text: String, name: String = "t.json") -> EngineError? {
        do {
            _ = try read(text, name: name)
            return nil
        } catch let e as EngineError {
            return e
        } catch {
            return .invalid("unexpected \(error)")
        }
    }

    static func column(_ t: Table, _ name: String) -> [Value] { ReaderFixture.column(t, name) }

    @Test func arrayOfObjects() throws {
        let t = try Self.read(
            """
            [
              {"id": 1, "name": "Keilewerf", "area": 2500.5, "open": true, "since": "2015-06-01"},
              {"id": 2, "name": "Hof van Cartesius", "area": 1200, "open": false, "since": "2018-03-15"}
            ]
            """)
        #expect(t.names == ["id", "name", "area", "open", "since"])
        #expect(t.fields.map(\.type) == [.int, .string, .float, .bool, .date])
        #expect(Self.column(t, "id") == [.int(1), .int(2)])
        #expect(Self.column(t, "area") == [.float(2500.5), .float(1200)])
        #expect(Self.column(t, "open") == [.bool(true), .bool(false)])
        #expect(Self.column(t, "since") == [ReaderFixture.date("2015-06-01"), ReaderFixture.date("2018-03-15")])
    }

    @Test func jsonLinesDetected() throws {
        let t = try Self.read("{\"a\": 1}\n{\"a\": 2, \"b\": \"x\"}\n\n{\"b\": \"y\"}\n")
        #expect(t.names == ["a", "b"])
        #expect(Self.column(t, "a") == [.int(1), .int(2), .null])
        #expect(Self.column(t, "b") == [.null, .string("x"), .string("y")])
    }

    @Test func jsonLinesByExtension() throws {
        let t = try Self.read("{\"a\": 1}\n{\"a\": 2}\n", name: "x.ndjson")
        #expect(Self.column(t, "a") == [.int(1), .int(2)])
        let e = Self.error("[{\"a\": 1}]\n", name: "x.jsonl")
        guard case .badFile(_, let message, _)? = e else {
            Issue.record("expected badFile, got \(String(describing: e))")
            return
        }
        #expect(message.contains("object"))
    }

    @Test func unionOfKeysInOrderOfFirstAppearance() throws {
        let t = try Self.read("[{\"b\": 1}, {\"a\": 2, \"c\": 3}, {\"c\": 4, \"b\": 5}]")
        #expect(t.names == ["b", "a", "c"])
        #expect(Self.column(t, "b") == [.int(1), .null, .int(5)])
        #expect(Self.column(t, "a") == [.null, .int(2), .null])
        #expect(Self.column(t, "c") == [.null, .int(3), .int(4)])
    }

    @Test func mixedKindsBecomeTextAsWritten() throws {
        let t = try Self.read("[{\"v\": 1}, {\"v\": \"two\"}, {\"v\": 3.50}, {\"v\": true}, {\"v\": null}, {\"v\": 1e3}]")
        #expect(t.fields[0].type == .string)
        #expect(Self.column(t, "v") == [.string("1"), .string("two"), .string("3.50"), .string("true"), .null, .string("1e3")])
    }

    @Test func intsAndFloatsMixToFloat() throws {
        let t = try Self.read("[{\"v\": 1}, {\"v\": 2.5}, {\"v\": -3e2}]")
        #expect(Self.column(t, "v") == [.float(1), .float(2.5), .float(-300)])
    }

    @Test func bigIntegers() throws {
        let t = try Self.read("[{\"a\": 99999999999999999999, \"b\": 99999999999999999999}, {\"a\": 1, \"b\": 0.5}]")
        #expect(Self.column(t, "a") == [.string("99999999999999999999"), .string("1")])
        #expect(Self.column(t, "b") == [.float(1e20), .float(0.5)])
    }

    @Test func floatOutOfRangeKeepsItsText() throws {
        let t = try Self.read("[{\"v\": 1.5}, {\"v\": 1e999}]")
        #expect(Self.column(t, "v") == [.string("1.5"), .string("1e999")])
    }

    @Test func datesOnlyWhenAllStringsAreDates() throws {
        let t = try Self.read("[{\"d\": \"2024-01-31\", \"e\": \"2024-01-31\"}, {\"d\": \"2024-02-29\", \"e\": \"2024-02-30\"}]")
        #expect(t.fields.map(\.type) == [.date, .string])
        #expect(Self.column(t, "e") == [.string("2024-01-31"), .string("2024-02-30")])
    }

    @Test func numericStringsStayStrings() throws {
        let t = try Self.read("[{\"code\": \"0599\"}, {\"code\": \"12\"}]")
        #expect(Self.column(t, "code") == [.string("0599"), .string("12")])
    }

    @Test func nestedValuesAsCompactJSON() throws {
        let t = try Self.read(
            """
            [{"id": 1, "tags": [ "a", "b" ], "geo": { "lat": 52.1, "lon" : 4.3, "x": [1, {"y": null}] }},
             {"id": 2, "tags": [], "geo": {"s": "a \\"q\\" , b"}}]
            """)
        #expect(Self.column(t, "tags") == [.string("[\"a\",\"b\"]"), .string("[]")])
        // One level of objects is flattened (`geo.lat`); below it, compact JSON.
        #expect(t.names == ["id", "tags", "geo.lat", "geo.lon", "geo.x", "geo.s"])
        #expect(Self.column(t, "geo.lat") == [.float(52.1), .null])
        #expect(Self.column(t, "geo.x") == [.string("[1,{\"y\":null}]"), .null])
        #expect(Self.column(t, "geo.s") == [.null, .string("a \"q\" , b")])
    }

    @Test func aParentThatIsNotAlwaysAnObject() throws {
        // A scalar parent is a column of its own beside the children; a parent
        // that is only ever null or an object gets none.
        let t = try Self.read(#"[{"a": "onbekend", "p": null}, {"a": {"b": 1}, "p": {"q": true}}, {"a": null, "p": {}}]"#)
        #expect(t.names == ["a", "a.b", "p.q"])
        #expect(Self.column(t, "a") == [.string("onbekend"), .null, .null])
        #expect(Self.column(t, "a.b") == [.null, .int(1), .null])
        #expect(Self.column(t, "p.q") == [.null, .bool(true), .null])
        // A projection reads the same values for the columns it keeps.
        let only = try Self.read(#"[{"a": "onbekend", "p": null}, {"a": {"b": 1}, "p": {"q": true}}, {"a": null, "p": {}}]"#, columns: ["a.b"])
        #expect(only.names == ["a.b"])
        #expect(Self.column(only, "a.b") == [.null, .int(1), .null])
    }

    @Test func stringEscapes() throws {
        let t = try Self.read(#"[{"s": "a\"b\\c\/d\n\t\u00e9\u20ac\ud834\udd1e"}, {"s": "\ud800x"}]"#)
        #expect(Self.column(t, "s") == [.string("a\"b\\c/d\n\té€𝄞"), .string("\u{FFFD}x")])
    }

    @Test func repeatedKeyLastWins() throws {
        let t = try Self.read("[{\"a\": 1, \"a\": 2}, {\"a\": 3}]")
        #expect(Self.column(t, "a") == [.int(2), .int(3)])
    }

    @Test func projection() throws {
        let t = try Self.read("[{\"a\": 1, \"b\": \"x\", \"c\": true}, {\"c\": false, \"a\": 2}]", columns: ["c", "a"])
        #expect(t.names == ["a", "c"])
        #expect(Self.column(t, "c") == [.bool(true), .bool(false)])
    }

    @Test func emptyInputs() throws {
        #expect(Self.error("") == .badFile(path: "t.json", message: "empty file", line: nil))
        #expect(Self.error(" \n ") == .badFile(path: "t.json", message: "empty file", line: nil))
        let t = try Self.read("[]")
        #expect(t.rowCount == 0)
        #expect(t.columnCount == 0)
        let u = try Self.read("[{}, {}]")
        #expect(u.rowCount == 2)
        #expect(u.columnCount == 0)
    }

    @Test func topLevelMustBeRecords() {
        for text in ["[1, 2]", "42", "\"x\"", "[[1]]", "null"] {
            let e = Self.error(text)
            guard case .badFile(_, let message, let line)? = e else {
                Issue.record("expected badFile for \(text), got \(String(describing: e))")
                continue
            }
            #expect(line == 1)
            #expect(message.contains("object"), "\(text): \(message)")
        }
    }

    @Test(
        arguments: [
            ("[{\"a\": 1},\n {\"a\": 2,}]", 2, "column 10"),
            ("[{\"a\": 1}\n{\"a\": 2}]", 2, "column 1"),
            ("[{\"a\": 01}]", 1, "column 8"),
            ("[{\"a\": tru}]", 1, "column 8"),
            ("[{\"a\": \"x}]", 1, "unterminated"),
            ("[{\"a\" 1}]", 1, "':'"),
            ("[{\"a\": [1, 2}]", 1, "column 13"),
            ("{\"a\": 1}\n{\"a\": 2\n", 3, "end of input"),
            ("[{\"a\": \"tab\there\"}]", 1, "control character"),
            ("[{\"a\": 1}] x", 1, "after the array"),
        ] as [(String, Int, String)])
    func malformed(_ text: String, _ line: Int, _ fragment: String) {
        let e = Self.error(text)
        guard case .badFile(_, let message, let l)? = e else {
            Issue.record("expected badFile for \(text.debugDescription), got \(String(describing: e))")
            return
        }
        #expect(l == line, "\(text.debugDescription): \(message)")
        #expect(message.contains(fragment), "\(text.debugDescription): \(message)")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = "[{\"a\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}]"
        let e = Self.error(deep)
        guard case .badFile(_, let message, _)? = e else {
            Issue.record("expected badFile, got \(String(describing: e))")
            return
        }
        #expect(message.contains("nesting"))
        // 500 levels are fine.
        let ok = "[{\"a\": " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + "}]"
        #expect(Self.error(ok) == nil)
    }

    @Test func invalidUTF8IsAnError() {
        let bytes: [UInt8] = Array("[{\"a\": \"caf".utf8) + [0xE9] + Array("\"}]".utf8)
        #expect(throws: EngineError.self) {
            try JSONReader.read(.bytes(bytes, name: "t.json"), columns: nil, cancel: .never)
        }
    }

    @Test func byteOrderMarkSkipped() throws {
        let t = try JSONReader.read(.bytes([0xEF, 0xBB, 0xBF] + Array("[{\"a\": 1}]".utf8), name: "t.json"), columns: nil, cancel: .never)
        #expect(Self.column(t, "a") == [.int(1)])
    }

    @Test func manyRecords() throws {
        var text = "["
        for i in 0..<20_000 {
            if i > 0 { text += ",\n" }
            text += "{\"i\": \(i), \"s\": \"v\(i % 10)\"\(i % 3 == 0 ? ", \"x\": 1.5" : "")}"
        }
        text += "]"
        let t = try Self.read(text)
        #expect(t.rowCount == 20_000)
        #expect(t.column("i")?.value(at: 19_999) == .int(19_999))
        #expect(t.column("x")?.nullCount == 20_000 - 6667)
        guard case .string(_, let dict)? = t.column("s")?.storage else {
            Issue.record("not a string column")
            return
        }
        #expect(dict.count == 10)
    }
}

@Suite struct JSONValueTests {
    @Test func aDocumentAsATree() throws {
        let v = try JSONValue.parse("\u{FEFF}{\"a\": [1, 2.5, -3e2, true, false, null], \"b\": {\"c\": \"x\\u00e9\\n\"}, \"d\": []}", name: "t.json")
        #expect(v["a"] == .array([.number(1), .number(2.5), .number(-300), .bool(true), .bool(false), .null]))
        #expect(v["b"]?["c"]?.string == "xé\n")
        #expect(v["d"]?.array == [] && v["e"] == nil && v["a"]?.string == nil)
    }

    @Test(
        arguments: [
            ("{\"a\": 1,\n \"b\" 2}", "expected ':' after the key, found '2' (column 6)", 2),
            ("[1, 2", "expected ',' or ']', found end of input (column 6)", 1),
            ("{\"a\": 1} x", "more after the JSON value: 'x' (column 10)", 1),
            ("[1e999]", "the number 1e999 is out of range (column 7)", 1),
            ("", "empty file", nil),
        ] as [(String, String, Int?)])
    func errorsSayWhere(_ text: String, _ message: String, _ line: Int?) {
        #expect(throws: EngineError.badFile(path: "t.json", message: message, line: line)) { try JSONValue.parse(text, name: "t.json") }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: EngineError.self) { try JSONValue.parse(deep, name: "t.json") }
    }
}
