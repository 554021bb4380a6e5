import Foundation
import Testing
@testable import WerkbankReaders

/// UTF-16 and UTF-32 text read as CSV: decoded by the byte order mark or the
/// NUL pattern, or as `encoding=` says. The bytes are built from the
/// encodings' definitions (Swift's `utf16` view, scalar values), and the
/// expected tables are the text before encoding.
@Suite struct WideTextTests {
    static func harness(_ bytes: [UInt8], name: String = "t.csv") throws -> Harness {
        let dir = NSTemporaryDirectory() + "wb-wide-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(bytes))
        return Harness(baseDirectory: dir)
    }

    static let text = "plaats;m²\nÖlmühle;12\nZürich 😀;3\n"
    static let expected = "plaats,m²\nÖlmühle,12\nZürich 😀,3\n"

    @Test(
        arguments: [
            ("UTF-16 LE", [0xFF, 0xFE] + FileSignatureTests.utf16(text, bigEndian: false)),
            ("UTF-16 BE", [0xFE, 0xFF] + FileSignatureTests.utf16(text, bigEndian: true)),
            ("UTF-32 LE", [0xFF, 0xFE, 0, 0] + FileSignatureTests.utf32(text, bigEndian: false)),
            ("UTF-32 BE", [0, 0, 0xFE, 0xFF] + FileSignatureTests.utf32(text, bigEndian: true)),
            ("UTF-16 LE", FileSignatureTests.utf16(text, bigEndian: false)),
            ("UTF-16 BE", FileSignatureTests.utf16(text, bigEndian: true)),
            ("UTF-32 LE", FileSignatureTests.utf32(text, bigEndian: false)),
        ] as [(String, [UInt8])])
    func decodedByBOMOrNULPattern(_ encoding: String, _ bytes: [UInt8]) throws {
        let h = try Self.harness(bytes)
        #expect(h.run("load \"t.csv\" as t").stderr == "t: 2 rows × 2 columns (';', \(encoding))\n")
        #expect(h.csv("t") == Self.expected)
    }

    @Test func excelUnicodeText() throws {
        // Excel's "Unicode text": UTF-16 LE with a BOM, tabs, CRLF.
        let text = "naam\tbedrag\r\nDe Ceuvel\t1,5\r\nRDM\t2,25\r\n"
        let h = try Self.harness([0xFF, 0xFE] + FileSignatureTests.utf16(text, bigEndian: false), name: "export.txt")
        #expect(h.run("load \"export.txt\" as t").stderr == "t: 2 rows × 2 columns (tab, decimal ',', UTF-16 LE)\n")
        #expect(h.csv("t") == "naam,bedrag\nDe Ceuvel,1.5\nRDM,2.25\n")
    }

    @Test func givenEncoding() throws {
        // A single line has no line end for the NUL pattern to see; the option says it.
        let bytes = FileSignatureTests.utf16("a,b\n1,2", bigEndian: false)
        let h = try Self.harness(bytes)
        #expect(h.csv("load \"t.csv\" encoding=\"utf-16\"") == "a,b\n1,2\n")
        let be = try Self.harness([0xFE, 0xFF] + FileSignatureTests.utf16("a,b\n1,2\n", bigEndian: true))
        #expect(be.csv("load \"t.csv\" encoding=\"utf-16\"") == "a,b\n1,2\n")
    }

    @Test func jsonInUTF16IsStillRefusedByName() throws {
        let h = try Self.harness([0xFF, 0xFE] + FileSignatureTests.utf16("[{\"a\": 1}]\n", bigEndian: false), name: "t.json")
        #expect(h.error("load \"t.json\" as t").contains("UTF-16 text (little-endian, with a byte order mark) is not supported yet"))
    }
}
