import WerkbankEngine
import Foundation
import ZIPFoundation

/// The parts of an xlsx workbook other than the cells: the zip archive, the
/// relationships that say where each part lives, the sheet list (and the
/// 1904 date system) from workbook.xml, and which cell styles are dates.
///
/// Every XML part is read with `XMLScanner` as a stream of events (never a
/// DOM), decompressed chunk by chunk, so not even its text is held in memory.
struct XLSXPackage {
    struct Sheet {
        var name: String
        var path: String
        var hidden: Bool
    }

    let archive: Archive
    let name: String
    /// Entries by path, and by lowercased path: part names in a package are
    /// case-insensitive (OPC), so `xl/SharedStrings.xml` is the shared strings.
    private let entriesByPath: [String: Entry]
    private let entriesByFoldedPath: [String: Entry]
    var sheets: [Sheet] = []
    var date1904 = false
    var sharedStringsPath: String?
    var stylesPath: String?

    init(_ input: ReaderInput) throws(EngineError) {
        let archive: Archive
        do {
            switch input {
            case .file(let path): archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
            case .bytes(let bytes, _): archive = try Archive(data: Data(bytes), accessMode: .read)
            }
        } catch {
            throw .badFile(path: input.name, message: "not an xlsx workbook (it is not a zip archive)", line: nil)
        }
        try self.init(archive: archive, name: input.name)
    }

    private init(archive: Archive, name path: String) throws(EngineError) {
        self.archive = archive
        name = path
        var exact: [String: Entry] = [:], folded: [String: Entry] = [:]
        for entry in archive {
            if exact[entry.path] == nil { exact[entry.path] = entry }
            if folded[entry.path.lowercased()] == nil { folded[entry.path.lowercased()] = entry }
        }
        entriesByPath = exact
        entriesByFoldedPath = folded
        // The workbook part: named by the package relationships, usually xl/workbook.xml.
        var workbookPath = "xl/workbook.xml"
        if has("_rels/.rels") {
            let rels = try relationships("_rels/.rels", base: "")
            if let office = rels.values.first(where: { $0.type.hasSuffix("/officeDocument") }) { workbookPath = office.target }
        }
        guard has(workbookPath) else {
            throw .badFile(path: path, message: "not an xlsx workbook (no \(workbookPath) in the archive)", line: nil)
        }
        let folder = (workbookPath as NSString).deletingLastPathComponent
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (workbookPath as NSString).lastPathComponent + ".rels"
        let rels = has(relsPath) ? try relationships(relsPath, base: folder) : [:]
        let workbook = XLSXWorkbookEvents()
        try parse(workbookPath, workbook)
        date1904 = workbook.date1904
        for s in workbook.sheets {
            let target = s.rid.flatMap { rels[$0]?.target } ?? "\(folder)/worksheets/sheet\(workbook.sheets.count).xml"
            sheets.append(Sheet(name: s.name, path: target, hidden: s.hidden))
        }
        if sheets.isEmpty { throw .badFile(path: path, message: "the workbook has no sheets", line: nil) }
        sharedStringsPath =
            rels.values.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target
            ?? (has("\(folder)/sharedStrings.xml") ? "\(folder)/sharedStrings.xml" : nil)
        stylesPath =
            rels.values.first(where: { $0.type.hasSuffix("/styles") })?.target
            ?? (has("\(folder)/styles.xml") ? "\(folder)/styles.xml" : nil)
    }

    /// The archive entry of a part, its name compared ignoring case.
    func entry(_ part: String) -> Entry? {
        entriesByPath[part] ?? entriesByFoldedPath[part.lowercased()]
    }

    func has(_ part: String) -> Bool { entry(part) != nil }

    /// The sheet to read: by name (exact, then ignoring case), or by its
    /// 1-based position; without a name, the first visible sheet.
    func sheet(named wanted: String?) throws(EngineError) -> Sheet {
        guard let wanted else { return sheets.first(where: { !$0.hidden }) ?? sheets[0] }
        if let s = sheets.first(where: { $0.name == wanted }) { return s }
        if let s = sheets.first(where: { $0.name.lowercased() == wanted.lowercased() }) { return s }
        if let k = Int(wanted), k >= 1, k <= sheets.count { return sheets[k - 1] }
        let list = sheets.map { "\"\($0.name)\"" }.joined(separator: ", ")
        throw .badFile(path: name, message: "no sheet \"\(wanted)\"; the sheets are \(list)", line: nil)
    }

    struct Relationship {
        var type: String
        var target: String
    }

    /// A relationships part: id → (type, target resolved against `base`).
    func relationships(_ part: String, base: String) throws(EngineError) -> [String: Relationship] {
        let events = XLSXRelsEvents()
        try parse(part, events)
        var out: [String: Relationship] = [:]
        for (id, type, target, external) in events.items where !external {
            out[id] = Relationship(type: type, target: Self.resolve(target, base: base))
        }
        return out
    }

    static func resolve(_ target: String, base: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = base.split(separator: "/").map(String.init)
        for piece in target.split(separator: "/") {
            if piece == ".." { if !parts.isEmpty { parts.removeLast() } } else if piece != "." { parts.append(String(piece)) }
        }
        return parts.joined(separator: "/")
    }

    /// Streams one part of the archive through `handler`: decompressed in
    /// chunks straight into the XML scanner, so a sheet of any size takes
    /// constant memory besides its cells.
    func parse(_ part: String, _ handler: XLSXEvents) throws(EngineError) {
        // The entry is read again from the archive's directory, not taken from
        // the one read when the package opened: a file cut short since then
        // has lost its directory, and ZIPFoundation would wait forever for
        // bytes past its end.
        guard let known = entry(part), let entry = archive[known.path] else {
            throw .badFile(path: name, message: "damaged workbook: the part \(part) is missing", line: nil)
        }
        let size = entry.uncompressedSize
        // The cells take about half the XML's size in memory (shared strings all of it).
        if let available = MemoryBudget.available(), size / 2 > available {
            throw .io(
                path: name,
                message:
                    "\(part) unpacks to \(MemoryBudget.megabytes(size)) and needs about \(MemoryBudget.megabytes(size / 2)) of memory, but only \(MemoryBudget.megabytes(available)) is available"
            )
        }
        /// Ends the unpacking early when the handler stopped.
        struct Stopped: Error {}
        var scanner = XMLScanner()
        var damage: XMLScanner.Failure?
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: true) { chunk in
                var damaged: XMLScanner.Failure?
                chunk.withUnsafeBytes { bytes in
                    do throws(XMLScanner.Failure) { try scanner.feed(bytes, to: handler) } catch { damaged = error }
                }
                if let damaged { throw damaged }
                if handler.stopped { throw Stopped() }
            }
            try scanner.finish(to: handler)
        } catch let failure as XMLScanner.Failure {
            damage = failure
        } catch is Stopped {
        } catch {
            throw .badFile(path: name, message: "damaged workbook: cannot unpack \(part) (\(error))", line: nil)
        }
        if let failure = handler.failure { throw failure }
        if let damage {
            throw .badFile(path: name, message: "damaged workbook: \(part) is not well-formed XML (\(damage.message))", line: damage.line)
        }
    }
}

/// Base class of the event handlers. Small parts override `start`/`end`,
/// which get element names without their namespace prefix; the big parts
/// (sheets, shared strings) override `didStart`/`didEnd` and tell elements
/// apart with `tag`.
class XLSXEvents: XMLEventHandler {
    /// Set by a handler that stops the scan (cancellation, a limit).
    var failure: EngineError?
    var stopped: Bool { failure != nil }

    func didStart(_ name: String, _ attributes: XMLAttributes) { start(XMLScanner.local(name), attributes) }
    func didEnd(_ name: String) { end(XMLScanner.local(name)) }
    func start(_ name: Substring, _ attributes: XMLAttributes) {}
    func end(_ name: Substring) {}
    func characters(_ text: String) {}

    /// The elements the big parts (sheets, shared strings) are made of, told
    /// apart by their bytes (a string switch per event is measurably slow).
    enum Tag { case c, v, t, f, row, inlineString, si, rPh, sheetData, mergeCell, other }

    static func tag(_ name: String) -> Tag {
        var name = name
        return name.withUTF8 { b -> Tag in
            var start = 0
            for i in 0..<b.count where b[i] == UInt8(ascii: ":") { start = i + 1 }
            let n = b.count - start
            @inline(__always) func at(_ k: Int) -> UInt8 { b[start + k] }
            func equals(_ word: StaticString) -> Bool {
                guard word.utf8CodeUnitCount == n else { return false }
                for k in 0..<n where word.utf8Start[k] != at(k) { return false }
                return true
            }
            switch n {
            case 1:
                switch at(0) {
                case UInt8(ascii: "c"): return .c
                case UInt8(ascii: "v"): return .v
                case UInt8(ascii: "t"): return .t
                case UInt8(ascii: "f"): return .f
                default: return .other
                }
            case 2: return equals("is") ? .inlineString : equals("si") ? .si : .other
            case 3: return equals("row") ? .row : equals("rPh") ? .rPh : .other
            case 9: return equals("sheetData") ? .sheetData : equals("mergeCell") ? .mergeCell : .other
            default: return .other
            }
        }
    }
}

final class XLSXRelsEvents: XLSXEvents {
    var items: [(id: String, type: String, target: String, external: Bool)] = []

    override func start(_ name: Substring, _ attributes: XMLAttributes) {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        items.append((id, attributes["Type"] ?? "", target, attributes["TargetMode"] == "External"))
    }
}

final class XLSXWorkbookEvents: XLSXEvents {
    var sheets: [(name: String, rid: String?, hidden: Bool)] = []
    var date1904 = false

    override func start(_ name: Substring, _ attributes: XMLAttributes) {
        switch name {
        case "workbookPr":
            if let v = attributes["date1904"] { date1904 = v == "1" || v.lowercased() == "true" }
        case "sheet":
            let state = attributes["state"] ?? "visible"
            sheets.append((attributes["name"] ?? "Sheet\(sheets.count + 1)", attributes.value(local: "id"), state != "visible"))
        default: break
        }
    }
}

/// Which cell styles (`s` attribute → `cellXfs` entry) show numbers as dates or times.
final class XLSXStylesEvents: XLSXEvents {
    /// `duration`: elapsed time (`[h]:mm:ss`), whose hours go past 24.
    enum NumberStyle: UInt8 { case plain, date, dateTime, time, duration, text }

    private var customFormats: [Int: String] = [:]
    private var xfFormatIDs: [Int] = []
    private var inCellXfs = false

    override func start(_ name: Substring, _ attributes: XMLAttributes) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { customFormats[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            xfFormatIDs.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    override func end(_ name: Substring) {
        if name == "cellXfs" { inCellXfs = false }
    }

    /// Number style per cell style index.
    var styles: [NumberStyle] {
        xfFormatIDs.map { id in
            if let code = customFormats[id] { return Self.classify(code) }
            switch id {
            case 14...17, 27...31, 34...36, 50...58: return .date
            case 22: return .dateTime
            case 18...21, 32, 33, 45...47: return .time
            case 49: return .text
            default: return .plain
            }
        }
    }

    /// A custom format code: date when it has day/month/year parts, time
    /// when it has only hours/minutes/seconds, duration when a time has an
    /// elapsed part (`[h]`, `[mm]`, `[ss]`: it counts past a day). Quoted
    /// text, other `[...]` (colour, locale) and escaped characters are
    /// ignored; only the first section counts.
    static func classify(_ code: String) -> NumberStyle {
        if code == "@" { return .text }
        if code.lowercased() == "general" { return .plain }
        var letters = Set<Character>()
        var quoted = false, escaped = false, elapsed = false
        var bracket: String?
        for ch in code {
            if escaped { escaped = false; continue }
            if quoted { if ch == "\"" { quoted = false }; continue }
            if let inside = bracket {
                if ch == "]" {
                    let word = inside.lowercased()
                    if !word.isEmpty, let first = word.first, "hms".contains(first), word.allSatisfy({ $0 == first }) { elapsed = true }
                    bracket = nil
                } else {
                    bracket = inside + String(ch)
                }
                continue
            }
            switch ch {
            case "\\", "_", "*": escaped = true
            case "\"": quoted = true
            case "[": bracket = ""
            case ";": return decide(letters, elapsed: elapsed)
            default: letters.insert(Character(ch.lowercased()))
            }
        }
        return decide(letters, elapsed: elapsed)
    }

    private static func decide(_ letters: Set<Character>, elapsed: Bool) -> NumberStyle {
        let hasDate =
            letters.contains("y") || letters.contains("d")
            || (letters.contains("m") && !letters.contains("h") && !letters.contains("s") && !elapsed)
        let hasTime = letters.contains("h") || letters.contains("s") || elapsed
        if hasDate { return hasTime ? .dateTime : .date }
        if elapsed { return .duration }
        return hasTime ? .time : .plain
    }
}

/// The shared strings table: `<si>` items, plain or rich text (phonetic runs skipped).
final class XLSXSharedStringsEvents: XLSXEvents {
    var strings: [String] = []
    private var current = ""
    private var inItem = false, inText = false, phonetic = 0
    let cancel: CancellationToken

    init(cancel: CancellationToken) { self.cancel = cancel }

    override func didStart(_ name: String, _ attributes: XMLAttributes) {
        switch Self.tag(name) {
        case .si:
            inItem = true
            current = ""
        case .t where inItem && phonetic == 0: inText = true
        case .rPh: phonetic += 1
        default: break
        }
    }

    override func characters(_ string: String) {
        if inText { current += string }
    }

    override func didEnd(_ name: String) {
        switch Self.tag(name) {
        case .t: inText = false
        case .rPh: phonetic -= 1
        case .si:
            strings.append(XLSXText.unescape(current))
            inItem = false
            if strings.count & 0xFFFF == 0, cancel.isCancelled {
                failure = .cancelled
            }
        default: break
        }
    }
}

enum XLSXText {
    /// Without surrounding spaces, tabs and line breaks (no Foundation: this runs per cell).
    @inline(__always) static func trimmed(_ s: String) -> Substring {
        let u = s.utf8
        @inline(__always) func space(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        guard let f = u.first, let l = u.last, space(f) || space(l) else { return Substring(s) }
        var start = u.startIndex, end = u.endIndex
        while start < end, space(u[start]) { start = u.index(after: start) }
        while end > start, space(u[u.index(before: end)]) { end = u.index(before: end) }
        return s[start..<end]
    }

    /// Whether a text is empty or only spaces, tabs and line breaks: a row
    /// of such cells shows nothing, so it is no row of the table.
    @inline(__always) static func isBlank(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// OOXML writes characters XML cannot carry as `_xHHHH_` (`_x000D_` for CR).
    static func unescape(_ s: String) -> String {
        guard s.contains("_x") else { return s }
        var out = ""
        var scalars = Array(s.unicodeScalars)[...]
        while let first = scalars.first {
            if first == "_", scalars.count >= 7, scalars[scalars.startIndex + 1] == "x", scalars[scalars.startIndex + 6] == "_" {
                let hex = String(String.UnicodeScalarView(scalars[(scalars.startIndex + 2)..<(scalars.startIndex + 6)]))
                if let v = UInt32(hex, radix: 16), let u = Unicode.Scalar(v) {
                    out.unicodeScalars.append(u)
                    scalars = scalars.dropFirst(7)
                    continue
                }
            }
            out.unicodeScalars.append(first)
            scalars = scalars.dropFirst()
        }
        return out
    }

    /// Column index (0-based) and row (1-based) of a reference like `AB12`.
    static func reference(_ r: String) -> (column: Int, row: Int)? {
        var column = 0, row = 0, letters = 0
        for u in r.utf8 {
            switch u {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                guard row == 0 else { return nil }
                column = column * 26 + Int(u - 64)
                letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard row == 0 else { return nil }
                column = column * 26 + Int(u - 96)
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                row = row * 10 + Int(u - 48)
                if row > 100_000_000 { return nil }
            case UInt8(ascii: "$"): continue
            default: return nil
            }
            if letters > 4 { return nil }
        }
        guard letters > 0 else { return nil }
        return (column - 1, row)
    }
}
