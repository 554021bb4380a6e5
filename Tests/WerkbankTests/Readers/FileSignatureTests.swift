import Foundation
import Testing
@testable import WerkbankEngine
@testable import WerkbankReaders

/// Binary files and UTF-16/UTF-32 text are recognised by their first bytes
/// and refused (UTF-16/32 only when not read as CSV) with the format's name and a hint, whatever the extension.
/// The magic bytes below are written from each format's specification, not
/// copied from the table under test.
@Suite struct FileSignatureTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var bytes: [UInt8]
        /// A piece of the error's message and of its hint.
        var name: String
        var hint: String
        var testDescription: String { label }
    }

    static func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }
    /// Some bytes after the magic, so that the file is more than its signature.
    static let junk: [UInt8] = ascii("\u{1}\u{2}junk,junk\n1,2\n") + (0..<64).map { UInt8($0 * 7 % 256) }

    static let cases: [Case] = [
        Case(label: "PNG", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + junk, name: "a PNG image", hint: "load reads CSV"),
        Case(label: "JPEG", bytes: [0xFF, 0xD8, 0xFF, 0xE0] + junk, name: "a JPEG image", hint: "load reads CSV"),
        Case(label: "GIF87a", bytes: ascii("GIF87a") + junk, name: "a GIF image", hint: "load reads CSV"),
        Case(label: "GIF89a", bytes: ascii("GIF89a") + junk, name: "a GIF image", hint: "load reads CSV"),
        Case(label: "TIFF little-endian", bytes: [0x49, 0x49, 0x2A, 0x00] + junk, name: "a TIFF image", hint: "load reads CSV"),
        Case(label: "TIFF big-endian", bytes: [0x4D, 0x4D, 0x00, 0x2A] + junk, name: "a TIFF image", hint: "load reads CSV"),
        Case(label: "WebP", bytes: ascii("RIFF") + [0x24, 0x10, 0, 0] + ascii("WEBPVP8 ") + junk, name: "a WebP image", hint: "load reads CSV"),
        Case(label: "PDF", bytes: ascii("%PDF-1.7\n") + junk, name: "a PDF document", hint: "as CSV"),
        Case(label: "zip", bytes: ascii("PK") + [3, 4, 20, 0, 0, 0] + ascii("notes.txt") + junk, name: "a zip archive", hint: "unzip"),
        Case(label: "empty zip", bytes: ascii("PK") + [5, 6] + [UInt8](repeating: 0, count: 18), name: "an empty zip archive", hint: "unzip"),
        Case(label: "spanned zip", bytes: ascii("PK") + [7, 8] + ascii("PK") + [3, 4] + junk, name: "a zip archive", hint: "unzip"),
        Case(
            label: "ods",
            bytes: ascii("PK") + [3, 4] + [UInt8](repeating: 0x11, count: 26)
                + ascii("mimetypeapplication/vnd.oasis.opendocument.spreadsheet") + junk,
            name: "an OpenDocument spreadsheet", hint: "save it as .xlsx"),
        Case(
            label: "old xls (OLE2)", bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + junk,
            name: "an old Excel workbook (.xls)", hint: "save it as .xlsx"),
        Case(label: "gzip", bytes: [0x1F, 0x8B, 0x08, 0x00] + junk, name: "gzip-compressed", hint: "gunzip"),
        Case(label: "bzip2", bytes: ascii("BZh9") + [0x31, 0x41, 0x59, 0x26, 0x53, 0x59] + junk, name: "bzip2-compressed", hint: "bunzip2"),
        Case(
            label: "bzip2, empty", bytes: ascii("BZh9") + [0x17, 0x72, 0x45, 0x38, 0x50, 0x90, 0, 0, 0, 0], name: "bzip2-compressed", hint: "bunzip2"),
        Case(label: "xz", bytes: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00] + junk, name: "xz-compressed", hint: "unxz"),
        Case(label: "zstd", bytes: [0x28, 0xB5, 0x2F, 0xFD] + junk, name: "zstd-compressed", hint: "unzstd"),
        Case(label: "7z", bytes: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C] + junk, name: "a 7z archive", hint: "7z x"),
        Case(label: "RAR", bytes: ascii("Rar!") + [0x1A, 0x07, 0x01, 0x00] + junk, name: "a RAR archive", hint: "unrar"),
        Case(
            label: "tar", bytes: ascii("data.csv") + [UInt8](repeating: 0, count: 249) + ascii("ustar\u{0}00") + junk,
            name: "a tar archive", hint: "tar xf"),
        Case(label: "Parquet", bytes: ascii("PAR1") + [0x15, 0x04, 0x15, 0x80] + junk, name: "a Parquet file", hint: "not supported yet"),
        Case(
            label: "Arrow IPC / Feather v2", bytes: ascii("ARROW1") + [0, 0, 0xFF, 0xFF, 0xFF, 0xFF] + junk,
            name: "an Arrow IPC / Feather file", hint: "not supported yet"),
        Case(label: "Feather v1", bytes: ascii("FEA1") + [0, 0, 0, 0] + junk, name: "a Feather (v1) file", hint: "not supported yet"),
        Case(
            label: "SQLite", bytes: ascii("SQLite format 3\u{0}") + [0x10, 0x00, 0x01, 0x01] + junk,
            name: "an SQLite database", hint: "databases are not supported"),
        Case(
            label: "DuckDB", bytes: [0x9A, 0x33, 0, 0, 0, 0, 0, 0] + ascii("DUCK") + [0x40, 0, 0, 0] + junk,
            name: "a DuckDB database", hint: "databases are not supported"),
        Case(label: "HDF5", bytes: [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A] + junk, name: "an HDF5", hint: "not supported"),
        Case(label: "NetCDF classic", bytes: ascii("CDF") + [0x01] + junk, name: "a NetCDF file", hint: "not supported"),
        Case(label: "NetCDF 64-bit", bytes: ascii("CDF") + [0x02] + junk, name: "a NetCDF file", hint: "not supported"),
        Case(label: "SPSS", bytes: ascii("$FL2@(#) IBM SPSS STATISTICS") + junk, name: "an SPSS data file", hint: "export it as CSV"),
        Case(label: "SPSS compressed", bytes: ascii("$FL3@(#) IBM SPSS STATISTICS") + junk, name: "an SPSS data file", hint: "export it as CSV"),
        Case(
            label: "SAS",
            bytes: [UInt8](repeating: 0, count: 12) + [
                0xC2, 0xEA, 0x81, 0x60, 0xB3, 0x14, 0x11, 0xCF, 0xBD, 0x92, 0x08, 0x00,
                0x09, 0xC7, 0x31, 0x8C, 0x18, 0x1F, 0x10, 0x11,
            ] + junk,
            name: "a SAS data set", hint: "export it as CSV"),
        Case(label: "Stata", bytes: ascii("<stata_dta><header><release>118</release>") + junk, name: "a Stata data file", hint: "export it as CSV"),
        Case(label: "RData v2", bytes: ascii("RDX2\nX\n") + [0, 0, 0, 2] + junk, name: "an R workspace", hint: "write.csv"),
        Case(label: "RData v3", bytes: ascii("RDX3\nX\n") + [0, 0, 0, 3] + junk, name: "an R workspace", hint: "write.csv"),
        Case(label: "ELF", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + junk, name: "a program (ELF)", hint: "load reads CSV"),
        Case(label: "Mach-O", bytes: [0xCF, 0xFA, 0xED, 0xFE, 0x0C, 0x00, 0x00, 0x01] + junk, name: "a program (Mach-O)", hint: "load reads CSV"),
        Case(label: "Windows PE", bytes: [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00] + junk, name: "a Windows program", hint: "load reads CSV"),
        // UTF-16/32 text: refused as JSON and xlsx (read as CSV): "a,b\n1,2\n" in each encoding.
        Case(
            label: "UTF-16 LE with BOM", bytes: [0xFF, 0xFE] + utf16("a,b\n1,2\n", bigEndian: false),
            name: "UTF-16 text (little-endian, with a byte order mark) is not supported yet", hint: "save the file as UTF-8"),
        Case(
            label: "UTF-16 BE with BOM", bytes: [0xFE, 0xFF] + utf16("a,b\n1,2\n", bigEndian: true),
            name: "UTF-16 text (big-endian, with a byte order mark) is not supported yet", hint: "save the file as UTF-8"),
        Case(
            label: "UTF-32 LE with BOM", bytes: [0xFF, 0xFE, 0x00, 0x00] + utf32("a,b\n1,2\n", bigEndian: false),
            name: "UTF-32 text (little-endian, with a byte order mark) is not supported yet", hint: "save the file as UTF-8"),
        Case(
            label: "UTF-32 BE with BOM", bytes: [0x00, 0x00, 0xFE, 0xFF] + utf32("a,b\n1,2\n", bigEndian: true),
            name: "UTF-32 text (big-endian, with a byte order mark) is not supported yet", hint: "save the file as UTF-8"),
        Case(
            label: "UTF-16 LE without BOM", bytes: utf16("naam,plaats\nDe Ceuvel,Amsterdam\nRDM,Rotterdam\n", bigEndian: false),
            name: "UTF-16 (little-endian) text (without a byte order mark) is not supported yet", hint: "save the file as UTF-8"),
        Case(
            label: "UTF-16 BE without BOM", bytes: utf16("naam,plaats\nDe Ceuvel,Amsterdam\nRDM,Rotterdam\n", bigEndian: true),
            name: "UTF-16 (big-endian) text (without a byte order mark) is not supported yet", hint: "save the file as UTF-8"),
        Case(
            label: "UTF-16 LE without BOM, non-ASCII", bytes: utf16("plaats,m²\nÖlmühle,12\nZürich 😀,3\n", bigEndian: false),
            name: "UTF-16 (little-endian) text", hint: "save the file as UTF-8"),
        Case(
            label: "UTF-32 LE without BOM", bytes: utf32("naam,plaats\nRDM,Rotterdam\n", bigEndian: false),
            name: "UTF-32 (little-endian) text (without a byte order mark) is not supported yet", hint: "save the file as UTF-8"),
        Case(
            label: "UTF-32 BE without BOM", bytes: utf32("naam,plaats\nRDM,Rotterdam\n", bigEndian: true),
            name: "UTF-32 (big-endian) text (without a byte order mark) is not supported yet", hint: "save the file as UTF-8"),
        // A format not in the table: 32-bit little-endian integers 0..<600.
        Case(
            label: "unknown binary", bytes: ascii("WBX1") + (0..<600).flatMap { i in [UInt8(i & 0xFF), UInt8(i >> 8), 0, 0] },
            name: "binary data (", hint: "load reads CSV"),
    ]

    static func utf16(_ s: String, bigEndian: Bool) -> [UInt8] {
        s.utf16.flatMap { u in bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)] }
    }

    static func utf32(_ s: String, bigEndian: Bool) -> [UInt8] {
        s.unicodeScalars.flatMap { c -> [UInt8] in
            let v = c.value
            let le = [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
            return bigEndian ? le.reversed() : le
        }
    }

    static func temporaryFolder() throws -> String {
        let dir = NSTemporaryDirectory() + "wb-signature-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Each case is refused by `load`, named `data.csv` and with its own
    /// extension alike: the message names the format, the hint says what to
    /// do, the caret is under the path.
    @Test(arguments: cases)
    func refusedWithItsNameAndHint(_ c: Case) throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["data.csv", "data.json", "data.xlsx"] {
            // UTF-16/32 text named .csv is decoded and read (WideTextTests).
            if name == "data.csv", c.name.contains("UTF-") { continue }
            _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(c.bytes))
            let h = Harness(baseDirectory: dir)
            let statement = "load \"\(name)\" as t"
            let e = h.error(statement)
            if name == "data.xlsx", c.name.hasSuffix("zip archive") {
                // A zip named .xlsx gets the xlsx reader's own message.
                #expect(e.contains("not an xlsx workbook"), "\(c.label) as \(name): \(e)")
                continue
            }
            #expect(e.contains("error: cannot read \(dir)/\(name): "), "\(c.label) as \(name): \(e)")
            #expect(e.contains(c.name), "\(c.label) as \(name): \(e)")
            #expect(e.contains("hint: ") && e.contains(c.hint), "\(c.label) as \(name): \(e)")
            // The caret underlines the quoted path (columns 6 to 6 + its length).
            let caret = String(repeating: " ", count: 5) + String(repeating: "^", count: name.count + 2)
            #expect(e.contains("| " + caret + "\n") || e.hasSuffix("| " + caret), "\(c.label): \(e)")
        }
    }

    /// Every signature in the table is exercised by some case above (a new
    /// one needs its own), and is the first match for it.
    @Test func everySignatureHasACase() {
        var matched = Set<Int>()
        for c in Self.cases {
            let first = c.bytes.withUnsafeBufferPointer { buf in FileSignatures.all.firstIndex { $0.matches(buf) } }
            if let first { matched.insert(first) }
        }
        let missing = FileSignatures.all.indices.filter { !matched.contains($0) }.map { FileSignatures.all[$0].name }
        #expect(missing.isEmpty, "signatures without a test case: \(missing)")
    }

    /// Text that merely starts like a signature, or holds a stray NUL or a
    /// few, is read as text.
    @Test func textIsNotTakenForBinary() throws {
        let texts: [(String, [UInt8])] = [
            ("starts with PAR1", Self.ascii("PAR1,PAR2\n1,2\n")),
            ("starts with BZh9", Self.ascii("BZh9,x\n1,2\n")),
            ("starts with MZ", Self.ascii("MZ,code\n1,2\n")),
            ("starts with CDF", Self.ascii("CDF,x\n1,2\n")),
            ("a stray NUL", Self.ascii("a,b\n1,x") + [0] + Self.ascii("y\n2,z\n")),
            (
                "three NULs in a long file",
                Self.ascii("a,b\n") + Array(repeating: Self.ascii("1,x\0y\n"), count: 3).flatMap { $0 }
                    + Array(repeating: Self.ascii("2,zzzzzzzzzzzzzzzzzz\n"), count: 400).flatMap { $0 }
            ),
            ("Windows-1252", [0x61, 0x3B, 0x62, 0x0A, 0x63, 0x61, 0x66, 0xE9, 0x3B, 0x31, 0x0A]),
            ("UTF-8 with BOM", [0xEF, 0xBB, 0xBF] + Self.ascii("a,b\n1,2\n")),
        ]
        for (label, bytes) in texts {
            #expect(FileSignatures.identify(bytes) == nil, "\(label) is text")
        }
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/par.csv", contents: Data(Self.ascii("PAR1,PAR2\n1,2\n")))
        #expect(Harness(baseDirectory: dir).csv("load \"par.csv\"") == "PAR1,PAR2\n1,2\n")
    }

    /// The NUL rule: at least 4 NUL bytes and at least 1% of the inspected
    /// bytes, unless they follow the UTF-16/UTF-32 pattern.
    @Test func nulBytesMakeBinaryFromFourAndOnePercent() {
        let text = Self.ascii(String(repeating: "1,abcdefgh\n", count: 36))  // 396 bytes
        let three = text + [0, 0, 0]
        let four = text + [0, 0, 0, 0]
        #expect(FileSignatures.identify(three) == nil)
        #expect(FileSignatures.identify(four)?.name.hasPrefix("binary data (4 NUL bytes") == true)
        // 4 NULs among 8 KB is under 1%: text with a few stray NULs.
        let long = Self.ascii(String(repeating: "1,abcdefgh\n", count: 800)).prefix(8000) + [0, 0, 0, 0]
        #expect(FileSignatures.identify(Array(long)) == nil)
        // Only the first 8 KB count.
        let late = Self.ascii(String(repeating: "x", count: 9000)) + [UInt8](repeating: 0, count: 500)
        #expect(FileSignatures.identify(late) == nil)
    }

    /// A zip archive that holds a workbook is read as xlsx whatever its name;
    /// one without a workbook is refused.
    @Test func aZipHoldingAWorkbookIsReadAsXLSX() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try XLSXFixture.gemeenten(dir + "/gemeenten.csv")
        let h = Harness(baseDirectory: dir)
        let out = h.run("load \"gemeenten.csv\" as g")
        #expect(!out.failed, "\(out.stderr)")
        #expect((out.stdout + out.stderr).contains("(sheet \"Gemeenten\""), "\(out)")
        let e = h.error("load \"gemeenten.csv\" delimiter=\";\"")
        #expect(e.contains("it is an xlsx workbook, and delimiter= is not an option for xlsx files"), "\(e)")
        #expect(e.contains("hint: xlsx options: sheet, header, skip"), "\(e)")
        // A zip archive without a workbook, named .csv, is refused as a zip.
        _ = FileManager.default.createFile(atPath: dir + "/empty.csv", contents: Data([0x50, 0x4B, 5, 6] + [UInt8](repeating: 0, count: 18)))
        #expect(h.error("load \"empty.csv\"").contains("it is an empty zip archive, not a text table"))
    }
}
