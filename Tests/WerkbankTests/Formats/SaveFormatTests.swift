import Foundation
import Testing
import WerkbankEngine

/// `save` for Dutch Excel: CSV with a separator, a decimal comma and a BOM,
/// and real xlsx workbooks — read back by werkbank and, when Python has it,
/// by openpyxl. Expected bytes and values are written out by hand from the
/// small synthetic table below.
@Suite struct SaveFormatTests {
    /// Synthetic: text with accents, the euro sign, the separator inside a
    /// value and an OOXML-escape look-alike; a float, a date, a bool, nulls.
    static let input = """
        naam,bedrag,datum,ok
        Café ö €,1234.5,2024-03-01,true
        a;b,-0.25,,false
        _x0041_,,2020-02-29,

        """

    func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "wb-save-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func csvForDutchExcel() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(baseDirectory: dir)
        h.load("t", csv: Self.input)
        #expect(!h.run("t | save \"nl.csv\" delimiter=\";\" decimal=\",\" bom=true").failed)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/nl.csv")))
        let expected =
            [0xEF, 0xBB, 0xBF]
            + Array(
                """
                naam;bedrag;datum;ok
                Café ö €;1234,5;2024-03-01;true
                "a;b";-0,25;;false
                _x0041_;;2020-02-29;

                """.utf8)
        #expect(bytes == expected)
        // And it reads back as it was (the sniffer finds ';' and the decimal comma).
        #expect(h.csv("load \"nl.csv\"") == Self.input)
        #expect(!h.run("t | save \"tab.csv\" delimiter=\"tab\"").failed)
        #expect(try String(contentsOfFile: dir + "/tab.csv", encoding: .utf8).hasPrefix("naam\tbedrag\tdatum\tok\n"))
    }

    @Test func wrongSaveOptionsAreRefusedBeforeAnythingIsWritten() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(baseDirectory: dir)
        #expect(h.error("cases | save \"x.csv\" decimal=\",\"").contains("decimal=\",\" needs another delimiter"))
        #expect(h.error("cases | save \"x.csv\" delimiter=\";;\"").contains("delimiter must be one character"))
        #expect(h.error("cases | save \"x.json\" bom=true").contains("unknown save option \"bom\""))
        #expect(h.error("cases | save \"x.xlsx\" sheet=\"a/b\"").contains("a sheet name is 1 to 31 characters"))
        let missing = h.error("cases | save \"missing/x.csv\"")
        #expect(missing.contains("error: cannot write ") && missing.contains("missing/x.csv: folder ") && missing.contains("does not exist"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func xlsxReadsBackWithTypes() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(baseDirectory: dir)
        h.load("t", csv: Self.input)
        #expect(!h.run("t | save \"t.xlsx\" sheet=\"Gegevens\"").failed)
        #expect(h.csv("load \"t.xlsx\"") == Self.input)
        #expect(
            h.csv("load \"t.xlsx\" sheet=\"Gegevens\" | describe | select column, type") == """
                column,type
                naam,string
                bedrag,float
                datum,date
                ok,bool

                """)
        // Same table, same bytes (a notebook can check a saved workbook).
        let first = try Data(contentsOf: URL(fileURLWithPath: dir + "/t.xlsx"))
        _ = h.run("t | save \"t.xlsx\" sheet=\"Gegevens\"")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/t.xlsx")) == first)
    }

    @Test func xlsxAsOpenpyxlReadsIt() throws {
        guard (try? BinaryRunner.run(executable: "/usr/bin/env", ["python3", "-c", "import openpyxl"]))?.status == 0 else {
            print("openpyxl is not installed (pip install openpyxl): the check against another reader is skipped")
            return
        }
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(baseDirectory: dir)
        h.load("t", csv: Self.input)
        _ = h.run("t | derive big = 9007199254740993, n = 3 | save \"t.xlsx\"")
        let script = """
            import openpyxl, sys
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb.active
            print(ws.title, ws.freeze_panes, ws["A1"].font.b)
            for row in ws.iter_rows(values_only=True):
                print(repr(row))
            """
        let r = try BinaryRunner.run(executable: "/usr/bin/env", ["python3", "-c", script, dir + "/t.xlsx"], timeout: 60)
        #expect(r.status == 0, "\(r.stderr)")
        // 2^53 + 1 has no exact double: it is written as text, so no digit changes.
        #expect(
            r.stdout == """
                Sheet1 A2 True
                ('naam', 'bedrag', 'datum', 'ok', 'big', 'n')
                ('Café ö €', 1234.5, datetime.datetime(2024, 3, 1, 0, 0), True, '9007199254740993', 3)
                ('a;b', -0.25, None, False, '9007199254740993', 3)
                ('_x0041_', None, datetime.datetime(2020, 2, 29, 0, 0), None, '9007199254740993', 3)

                """)
    }
}

/// `null=["-", "n.v.t."]`: several markers of missing values in one option.
@Suite struct NullMarkerListTests {
    @Test func aListOfMarkersReadsEachAsNull() throws {
        let h = Harness()
        let path = NSTemporaryDirectory() + "wb-nulls-\(UUID().uuidString).csv"
        // Synthetic: three rows, two of them with a marker for missing.
        try "a;b\n1;-\n2;n.v.t.\n3;4\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(h.csv("load \"\(path)\" null=[\"-\", \"n.v.t.\"]") == "a,b\n1,\n2,\n3,4\n")
        // The same as giving the option twice.
        #expect(h.csv("load \"\(path)\" null=\"-\" null=\"n.v.t.\"") == "a,b\n1,\n2,\n3,4\n")
        #expect(h.error("load \"\(path)\" null=[\"-\" \"x\"]").contains("expected ']' to close the list of null"))
        #expect(h.error("load \"\(path)\" null=[1]").contains("a text in quotes in the list of null"))
    }
}
