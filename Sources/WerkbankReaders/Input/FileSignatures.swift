import WerkbankEngine

/// What a file is, recognised from its first bytes before a reader is
/// chosen (whatever its extension says): a binary format would otherwise
/// load as a column of garbage, and UTF-16/UTF-32 text is not decoded yet.
///
/// Three rules, in this order:
/// 1. a signature from `FileSignatures.all` (magic bytes at an offset);
/// 2. NUL bytes in the UTF-16 or UTF-32 pattern (text without a byte order
///    mark): every code unit decodes to a character and few are controls;
/// 3. any other NUL bytes, at least 4 and at least 1% of the first
///    `inspected` bytes: binary data of a format not in the table. A stray
///    NUL in a text file stays data (it is read into its string).
public struct FileSignature: Sendable {
    public enum Kind: Sendable {
        /// A format no reader reads.
        case binary
        /// A zip archive: an xlsx workbook when it holds one, else refused.
        case zip
        /// UTF-16/32 text: the CSV reader decodes it, the other formats refuse it.
        case unsupportedText
    }

    /// The magic bytes; nil matches any byte.
    let magic: [UInt8?]
    /// Where the magic bytes start.
    let offset: Int
    /// What the file is, as the error names it: "a PNG image".
    public let name: String
    /// What to do instead.
    public let hint: String
    public let kind: Kind

    init(_ magic: [UInt8?], at offset: Int = 0, _ name: String, hint: String, kind: Kind = .binary) {
        self.magic = magic
        self.offset = offset
        self.name = name
        self.hint = hint
        self.kind = kind
    }

    init(_ text: String, at offset: Int = 0, _ name: String, hint: String, kind: Kind = .binary) {
        self.init(Array(text.utf8), at: offset, name, hint: hint, kind: kind)
    }

    func matches(_ head: UnsafeBufferPointer<UInt8>) -> Bool {
        guard head.count >= offset + magic.count else { return false }
        for (i, m) in magic.enumerated() {
            if let m, head[offset + i] != m { return false }
        }
        return true
    }

    /// The error that refuses the file.
    public func error(path: String) -> EngineError {
        switch kind {
        case .binary, .zip: .unreadable(path: path, message: "it is \(name), not a text table", hint: hint)
        case .unsupportedText: .unreadable(path: path, message: "\(name) is not supported yet", hint: hint)
        }
    }
}

public enum FileSignatures {
    /// How many leading bytes the rules look at.
    public static let inspected = 8192

    static let readable = "load reads CSV and TSV text, JSON, GeoJSON and xlsx workbooks"
    static let saveAsUTF8 = "save the file as UTF-8 (in Excel: Save As → \"CSV UTF-8\")"

    private static func unpack(_ command: String) -> String {
        "unpack it first (\(command) FILE) and load the file inside"
    }

    /// The signatures, first match wins: the longer of two that share a
    /// start comes first (UTF-32 LE before UTF-16 LE, an OpenDocument
    /// spreadsheet before any zip).
    public static let all: [FileSignature] = [
        // UTF-16/32 text: read as CSV (decoded), refused as JSON.
        FileSignature([0xFF, 0xFE, 0x00, 0x00], "UTF-32 text (little-endian, with a byte order mark)", hint: saveAsUTF8, kind: .unsupportedText),
        FileSignature([0x00, 0x00, 0xFE, 0xFF], "UTF-32 text (big-endian, with a byte order mark)", hint: saveAsUTF8, kind: .unsupportedText),
        FileSignature([0xFF, 0xFE], "UTF-16 text (little-endian, with a byte order mark)", hint: saveAsUTF8, kind: .unsupportedText),
        FileSignature([0xFE, 0xFF], "UTF-16 text (big-endian, with a byte order mark)", hint: saveAsUTF8, kind: .unsupportedText),
        // Spreadsheets and statistics packages.
        FileSignature(
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an old Excel workbook (.xls) or another Office 97–2003 file",
            hint: "open it in Excel or LibreOffice, save it as .xlsx (or CSV) and load that"),
        FileSignature("PK\u{3}\u{4}", "an OpenDocument spreadsheet (.ods)", hint: "save it as .xlsx (or CSV) and load that")
            .followed(by: "mimetypeapplication/vnd.oasis.opendocument.spreadsheet", at: 30),
        FileSignature("PK\u{3}\u{4}", "a zip archive (not an xlsx workbook)", hint: unpack("unzip"), kind: .zip),
        FileSignature("PK\u{5}\u{6}", "an empty zip archive", hint: unpack("unzip"), kind: .zip),
        FileSignature("PK\u{7}\u{8}", "a zip archive (not an xlsx workbook)", hint: unpack("unzip"), kind: .zip),
        FileSignature(
            "PAR1\u{15}", "a Parquet file",
            hint: "Parquet is not supported yet; write it as CSV (DuckDB: COPY (FROM 'FILE.parquet') TO 'FILE.csv')"),
        FileSignature(
            "ARROW1\u{0}\u{0}", "an Arrow IPC / Feather file",
            hint: "Arrow and Feather are not supported yet; write it as CSV (pyarrow.csv.write_csv, or R's write.csv)"),
        FileSignature(
            "FEA1", "a Feather (v1) file",
            hint: "Feather is not supported yet; write it as CSV (pyarrow.csv.write_csv, or R's write.csv)"),
        FileSignature(
            "SQLite format 3\u{0}", "an SQLite database",
            hint: "databases are not supported; export a table: sqlite3 -header -csv FILE \"select * from TABLE\" > TABLE.csv"),
        FileSignature(
            "DUCK", at: 8, "a DuckDB database",
            hint: "databases are not supported; export a table: COPY TABLE TO 'TABLE.csv'"),
        FileSignature(
            [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A], "an HDF5 (or NetCDF-4) file", hint: "HDF5 is not supported; export the table as CSV"),
        FileSignature("CDF\u{1}", "a NetCDF file", hint: "NetCDF is not supported; export the table as CSV"),
        FileSignature("CDF\u{2}", "a NetCDF file", hint: "NetCDF is not supported; export the table as CSV"),
        FileSignature("$FL2", "an SPSS data file (.sav)", hint: "export it as CSV (SPSS: File → Export; R: haven::read_sav, then write.csv)"),
        FileSignature("$FL3", "an SPSS data file (.sav)", hint: "export it as CSV (SPSS: File → Export; R: haven::read_sav, then write.csv)"),
        FileSignature(
            [
                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                0xC2, 0xEA, 0x81, 0x60, 0xB3, 0x14, 0x11, 0xCF, 0xBD, 0x92, 0x08, 0x00,
                0x09, 0xC7, 0x31, 0x8C, 0x18, 0x1F, 0x10, 0x11,
            ], "a SAS data set (.sas7bdat)",
            hint: "export it as CSV (SAS: PROC EXPORT; R: haven::read_sas, then write.csv)"),
        FileSignature(
            "<stata_dta>", "a Stata data file (.dta)", hint: "export it as CSV (Stata: export delimited; R: haven::read_dta, then write.csv)"),
        FileSignature("RDX2\n", "an R workspace (.RData)", hint: "write the data frame as CSV in R (write.csv) and load that"),
        FileSignature("RDX3\n", "an R workspace (.RData)", hint: "write the data frame as CSV in R (write.csv) and load that"),
        // Compressed files and archives.
        FileSignature([0x1F, 0x8B], "gzip-compressed", hint: unpack("gunzip")),
        FileSignature(bytes(["B", "Z", "h", nil, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59]), "bzip2-compressed", hint: unpack("bunzip2")),
        FileSignature(bytes(["B", "Z", "h", nil, 0x17, 0x72, 0x45, 0x38, 0x50, 0x90]), "bzip2-compressed", hint: unpack("bunzip2")),
        FileSignature([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz-compressed", hint: unpack("unxz")),
        FileSignature([0x28, 0xB5, 0x2F, 0xFD], "zstd-compressed", hint: unpack("unzstd")),
        FileSignature([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "a 7z archive", hint: unpack("7z x")),
        FileSignature("Rar!\u{1A}\u{7}", "a RAR archive", hint: unpack("unrar x")),
        FileSignature("ustar", at: 257, "a tar archive", hint: unpack("tar xf")),
        // Documents and images.
        FileSignature("%PDF-", "a PDF document", hint: "copy or export the table from the PDF as CSV, and load that"),
        FileSignature([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG image", hint: readable),
        FileSignature([0xFF, 0xD8, 0xFF], "a JPEG image", hint: readable),
        FileSignature("GIF87a", "a GIF image", hint: readable),
        FileSignature("GIF89a", "a GIF image", hint: readable),
        FileSignature("II*\u{0}", "a TIFF image", hint: readable),
        FileSignature("MM\u{0}*", "a TIFF image", hint: readable),
        FileSignature(bytes(["R", "I", "F", "F", nil, nil, nil, nil, "W", "E", "B", "P"]), "a WebP image", hint: readable),
        // Programs.
        FileSignature([0x7F, 0x45, 0x4C, 0x46], "a program (ELF)", hint: readable),
        FileSignature([0xCF, 0xFA, 0xED, 0xFE], "a program (Mach-O)", hint: readable),
        FileSignature([0x4D, 0x5A, 0x90, 0x00], "a Windows program (.exe/.dll)", hint: readable),
    ]

    /// Magic bytes written as ASCII characters and numbers; nil stays a wildcard.
    private static func bytes(_ v: [ByteLiteral?]) -> [UInt8?] { v.map { $0?.value } }

    /// What the file is, when it is not text the readers can read; nil
    /// for text (UTF-8 or Windows-1252, with or without a few NUL bytes).
    public static func identify(_ head: some Collection<UInt8>) -> FileSignature? {
        let bytes = Array(head.prefix(inspected))
        return bytes.withUnsafeBufferPointer { buf -> FileSignature? in
            if let s = all.first(where: { $0.matches(buf) }) { return s }
            let nuls = buf.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
            if nuls == 0 { return nil }
            if let unicode = UnicodeWithoutBOM.detect(buf) {
                return FileSignature([], "\(unicode) text (without a byte order mark)", hint: saveAsUTF8, kind: .unsupportedText)
            }
            if nuls >= 4, nuls * 100 >= buf.count {
                return FileSignature([], "binary data (\(nuls) NUL bytes in its first \(buf.count) bytes)", hint: readable)
            }
            return nil
        }
    }
}

/// An ASCII character or a byte, for signatures that mix both.
struct ByteLiteral: ExpressibleByUnicodeScalarLiteral, ExpressibleByIntegerLiteral {
    let value: UInt8
    init(unicodeScalarLiteral s: Unicode.Scalar) { value = UInt8(ascii: s) }
    init(integerLiteral v: UInt8) { value = v }
}

extension FileSignature {
    /// The same signature, also requiring `text` at `offset`.
    func followed(by text: String, at offset: Int) -> FileSignature {
        let gap = [UInt8?](repeating: nil, count: max(0, offset - self.offset - magic.count))
        return FileSignature(magic + gap + text.utf8.map { Optional($0) }, at: self.offset, name, hint: hint, kind: kind)
    }
}

/// UTF-16 or UTF-32 text without a byte order mark, told by its NUL bytes:
/// ASCII characters in UTF-16 LE are `41 00`, in UTF-32 BE `00 00 00 41`.
/// An encoding is taken when every code unit of the first bytes decodes to
/// a character other than U+0000 (surrogates paired, nothing above
/// U+10FFFF), at most 1 in 100 is a control character other than tab, line
/// feed and carriage return, and a line ends among them (a table has
/// lines); so binary data (an array of small integers) is not taken for text.
enum UnicodeWithoutBOM {
    static func detect(_ buf: UnsafeBufferPointer<UInt8>) -> String? {
        // UTF-32 first: its ASCII is also UTF-16 with U+0000 between (which fails).
        if isText(buf, width: 4, bigEndian: false) { return "UTF-32 (little-endian)" }
        if isText(buf, width: 4, bigEndian: true) { return "UTF-32 (big-endian)" }
        if isText(buf, width: 2, bigEndian: false) { return "UTF-16 (little-endian)" }
        if isText(buf, width: 2, bigEndian: true) { return "UTF-16 (big-endian)" }
        return nil
    }

    static func isText(_ buf: UnsafeBufferPointer<UInt8>, width: Int, bigEndian: Bool) -> Bool {
        let units = buf.count / width
        if units < 2 { return false }
        var controls = 0, lineEnds = 0
        var pendingHigh = false
        for u in 0..<units {
            var v: UInt32 = 0
            for k in 0..<width {
                let b = UInt32(buf[u * width + (bigEndian ? k : width - 1 - k)])
                v = v << 8 | b
            }
            if width == 2 {
                let high = (0xD800...0xDBFF).contains(v), low = (0xDC00...0xDFFF).contains(v)
                if pendingHigh != low { return false }
                pendingHigh = high
                if high || low { continue }
            } else if v > 0x10FFFF || (0xD800...0xDFFF).contains(v) {
                return false
            }
            if v == 0 || v == 0xFFFE || v == 0xFFFF { return false }
            if v == 0x0A || v == 0x0D {
                lineEnds += 1
            } else if v < 0x20, v != 0x09 {
                controls += 1
            }
        }
        // A surrogate pair cut by the end of the inspected bytes is fine.
        return lineEnds > 0 && controls * 100 <= units
    }
}
