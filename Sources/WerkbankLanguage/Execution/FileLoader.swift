import Foundation
import WerkbankEngine
import WerkbankReaders
import WerkbankRender

/// `load "PATH" [OPTIONS]`: picks the reader by extension, turns the options
/// into reader settings and describes what the sniffer decided.
enum FileLoader {
    struct Loaded {
        var table: Table
        /// What the reader decided, e.g. `';', decimal ',', Windows-1252`.
        var decisions: String
        var path: String
    }

    static let optionKeys = ["delimiter", "decimal", "header", "encoding", "types", "null", "skip", "sheet"]
    static let xlsxOptionKeys = ["sheet", "header", "skip"]

    /// What a file is, by its extension (a `.json` file holding a
    /// FeatureCollection is found to be GeoJSON when it is read).
    enum Format { case csv, json, geojson, xlsx }

    static func format(_ node: LoadNode) throws(Diagnostic) -> Format {
        let ext = (node.path as NSString).pathExtension.lowercased()
        switch ext {
        case "json", "jsonl", "ndjson": return .json
        case "geojson", "geojsonl", "geojsons", "geojsonseq": return .geojson
        case "xlsx", "xlsm": return .xlsx
        case "xls", "ods", "numbers":
            throw Diagnostic("\(ext) files cannot be read", at: node.pathSpan, hint: "save the sheet as .xlsx (or export it as CSV) and load that")
        default: return .csv
        }
    }

    /// Checks the options before anything is read (for every format; the
    /// CSV settings are returned, the others are read again by `load`).
    static func csvOptions(_ node: LoadNode) throws(Diagnostic) -> CSVOptions {
        var o = CSVOptions()
        let format = try format(node)
        for opt in node.options {
            let v = opt.value.text
            switch format {
            case .csv: break
            case .xlsx:
                guard xlsxOptionKeys.contains(opt.key) else {
                    throw Diagnostic(optionKeys.contains(opt.key) ? "\(opt.key)= is not an option for xlsx files" : "unknown load option \"\(opt.key)\"",
                                     at: opt.span, hint: "xlsx options: " + xlsxOptionKeys.joined(separator: ", "))
                }
            case .json, .geojson:
                throw Diagnostic("\(format == .json ? "JSON" : "GeoJSON") files take no load options", at: opt.span)
            }
            switch opt.key {
            case "delimiter":
                let d: String = v == "\\t" || v.lowercased() == "tab" ? "\t" : v
                guard d.utf8.count == 1, let b = d.utf8.first, b != 0x22, b != 0x0A, b != 0x0D else {
                    throw Diagnostic("delimiter must be one character", at: opt.value.span, hint: "e.g. delimiter=\";\" or delimiter=\"\\t\"")
                }
                o.delimiter = b
            case "decimal":
                guard v == "," || v == "." else { throw Diagnostic("decimal must be \",\" or \".\"", at: opt.value.span) }
                o.decimalComma = v == ","
            case "header":
                guard let b = Bool(v.lowercased()) else { throw Diagnostic("header must be true or false", at: opt.value.span) }
                o.header = b
            case "encoding":
                switch v.lowercased().replacingOccurrences(of: "_", with: "-") {
                case "utf8", "utf-8": o.encoding = .utf8
                case "utf8-bom", "utf-8-bom": o.encoding = .utf8BOM
                case "latin1", "latin-1", "iso-8859-1", "windows-1252", "cp1252", "win1252": o.encoding = .windows1252
                default:
                    throw Diagnostic("unknown encoding \"\(v)\"", at: opt.value.span, hint: "use utf8, latin1 or windows-1252")
                }
            case "types":
                for part in v.split(separator: ",") {
                    let pieces = part.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard pieces.count == 2, let t = DataType(rawValue: pieces[1].lowercased()) else {
                        throw Diagnostic("types must read like \"col:int,other:date\"", at: opt.value.span,
                                         hint: "types are int, float, string, bool, date")
                    }
                    o.types[pieces[0]] = t
                }
            case "null":
                o.nullValues.append(v)
            case "skip":
                guard let n = Int(v), n >= 0 else { throw Diagnostic("skip must be a number of lines, 0 or more", at: opt.value.span) }
                _ = n
            case "sheet":
                guard format == .xlsx else { throw Diagnostic("sheet= is for xlsx files", at: opt.span) }
            default:
                throw Diagnostic("unknown load option \"\(opt.key)\"", at: opt.span,
                                 hint: DidYouMean.hint(opt.key, among: optionKeys) ?? "options: " + optionKeys.joined(separator: ", "))
            }
        }
        return o
    }

    static func option(_ node: LoadNode, _ key: String) -> String? {
        node.options.last { $0.key == key }?.value.text
    }

    /// `.json` covers every whole-file format (JSON, GeoJSON, xlsx): their
    /// schema needs the whole file, where a CSV header is at the top.
    enum Kind { case csv, json }

    static func kind(_ node: LoadNode) throws(Diagnostic) -> Kind {
        try format(node) == .csv ? .csv : .json
    }

    static func load(_ node: LoadNode, columns: Set<String>?, context: ExecutionContext) throws(EngineError) -> Loaded {
        // Options were checked at bind time; these cannot fail here.
        let path = context.resolve(node.path)
        // Refuses devices and sockets; a pipe can be read only once, so all of
        // it now, and the readers get its bytes (so does a file that reports
        // no size but may have content, as in /proc).
        let input = try InputFile(path: path)
        let piped: [UInt8]? = input.kind == .pipe || input.size == 0 ? try input.readAll(cancel: context.cancel) : nil
        let head: [UInt8]
        if let piped { head = Array(piped.prefix(leadingBytes)) } else { head = try input.leadingBytes(leadingBytes) }
        let format = try format(node, path: path, head: head, total: piped?.count ?? input.size) {
            if let piped { XLSXReader.isWorkbook(bytes: piped) } else { XLSXReader.isWorkbook(path: path) }
        }
        let size = piped == nil ? input.size : 0
        let progress = size >= (format == .xlsx ? 1 << 20 : 8 << 20) ? LoadProgress.start(label: node.path, total: size) : nil
        defer { progress?.finish() }
        // The reader opens the path again: a file changed since it was
        // inspected here (truncated in between) is an error, not the table
        // of what was left of it.
        let loaded: Loaded
        do {
            loaded = try read(format, node, path: path, piped: piped, columns: columns, progress: progress, context: context)
        } catch {
            try input.checkUnchanged()
            throw error
        }
        try input.checkUnchanged()
        return loaded
    }

    static func read(_ format: Format, _ node: LoadNode, path: String, piped: [UInt8]?, columns: Set<String>?,
                     progress: LoadProgress?, context: ExecutionContext) throws(EngineError) -> Loaded {
        switch format {
        case .json:
            let t: Table
            if let piped {
                t = try JSONReader.read(bytes: piped, name: path, columns: columns, cancel: context.cancel)
            } else {
                t = try JSONReader.read(path: path, columns: columns, progress: progress, cancel: context.cancel)
            }
            return Loaded(table: t, decisions: "JSON", path: path)
        case .geojson:
            let (t, d): (Table, GeoJSONDecisions)
            if let piped {
                (t, d) = try GeoJSONReader.read(bytes: piped, name: path, columns: columns, cancel: context.cancel)
            } else {
                (t, d) = try GeoJSONReader.read(path: path, columns: columns, progress: progress, cancel: context.cancel)
            }
            return Loaded(table: t, decisions: describe(d), path: path)
        case .xlsx:
            var o = XLSXOptions()
            o.sheet = option(node, "sheet")
            o.header = option(node, "header").flatMap { Bool($0.lowercased()) } ?? true
            o.skipRows = option(node, "skip").flatMap { Int($0) } ?? 0
            o.columns = columns
            progress?.phase("reading the workbook")
            let (t, d): (Table, XLSXDecisions)
            if let piped {
                (t, d) = try XLSXReader.read(bytes: piped, name: path, options: o, cancel: context.cancel)
            } else {
                (t, d) = try XLSXReader.read(path: path, options: o, cancel: context.cancel)
            }
            return Loaded(table: t, decisions: describe(d), path: path)
        case .csv:
            var options = (try? csvOptions(node)) ?? CSVOptions()
            options.columns = columns
            let skip = option(node, "skip").flatMap { Int($0) }
            let (t, d, trim): (Table, CSVDecisions, CSVTrim)
            if let piped {
                (t, d, trim) = try CSVFile.read(bytes: piped, name: path, options: options, skip: skip, cancel: context.cancel)
            } else {
                (t, d, trim) = try CSVFile.read(path: path, options: options, skip: skip, progress: progress, cancel: context.cancel)
            }
            return Loaded(table: t, decisions: describe(d) + describe(trim), path: path)
        }
    }

    /// How many leading bytes decide what a file holds (the signatures look
    /// at the first 8 KB; a GeoJSON `type` may come later).
    static let leadingBytes = 1 << 16

    /// The reader for what the file holds, whatever its extension says: an
    /// empty file (or one of only a byte order mark) is an error; a binary
    /// format or text in an encoding the readers cannot decode is refused
    /// with its name (`FileSignatures`); a zip archive holding a workbook is
    /// read as xlsx; a `.json` file holding a FeatureCollection as GeoJSON.
    static func format(_ node: LoadNode, path: String, head: [UInt8], total: Int,
                       isWorkbook: () -> Bool) throws(EngineError) -> Format {
        var format = (try? format(node)) ?? .csv
        if total == 0 || (total == 3 && head == [0xEF, 0xBB, 0xBF]) {
            throw .unreadable(path: path, message: "empty file",
                              hint: "it holds no bytes\(total == 0 ? "" : " but a byte order mark"); check that it was saved or downloaded completely")
        }
        if let signature = FileSignatures.identify(head) {
            guard signature.kind == .zip else { throw signature.error(path: path) }
            // A workbook named .xlsx gets the xlsx reader's own messages.
            if format != .xlsx {
                guard isWorkbook() else { throw signature.error(path: path) }
                if let other = node.options.first(where: { !xlsxOptionKeys.contains($0.key) }) {
                    throw .unreadable(path: path, message: "it is an xlsx workbook, and \(other.key)= is not an option for xlsx files",
                                      hint: "xlsx options: " + xlsxOptionKeys.joined(separator: ", "))
                }
                format = .xlsx
            }
        }
        if format == .json, GeoJSONReader.looksLikeGeoJSON(leading: head) { format = .geojson }
        return format
    }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    static func describe(_ t: CSVTrim) -> String {
        var parts: [String] = []
        if t.skippedLines > 0 { parts.append("skipped \(plural(t.skippedLines, "line")) (skip=\(t.skippedLines))") }
        var found: [String] = []
        if t.titleLines > 0 { found.append(plural(t.titleLines, "title line")) }
        if t.footnoteLines > 0 { found.append(plural(t.footnoteLines, "footnote line")) }
        if !found.isEmpty { parts.append("skipped " + found.joined(separator: " and ")) }
        if !t.dotNullColumns.isEmpty { parts.append("\".\" read as null in \(plural(t.dotNullColumns.count, "column"))") }
        return parts.map { ", " + $0 }.joined()
    }

    static func describe(_ d: XLSXDecisions) -> String {
        var others = d.sheetNames.filter { $0 != d.sheet }.map { "\"\($0)\"" }
        if others.count > 5 { others = others.prefix(4) + ["and \(others.count - 4) more"] }
        var parts = ["sheet \"\(d.sheet)\"" + (others.isEmpty ? "" : " (other sheets: \(others.joined(separator: ", ")))")]
        if d.titleRows > 0 { parts.append("skipped \(plural(d.titleRows, "title row"))") }
        if d.twoHeaderRows { parts.append("names from two header rows") }
        if d.date1904 { parts.append("1904 date system") }
        if d.errorCells > 0 { parts.append("\(plural(d.errorCells, "error cell")) read as null") }
        return parts.joined(separator: ", ")
    }

    static func describe(_ d: GeoJSONDecisions) -> String {
        var parts = ["GeoJSON"]
        switch d.coordinates {
        case .wgs84: break
        case .rdConverted: parts.append("RD New (EPSG:28992) coordinates converted to WGS84")
        case .unknown(let crs): parts.append("coordinates are not longitude/latitude\(crs.map { " (\($0))" } ?? ""): lon/lat hold them unconverted")
        }
        if d.withoutGeometry > 0 { parts.append("\(plural(d.withoutGeometry, "feature")) without geometry") }
        return parts.joined(separator: ", ")
    }

    static func describe(_ d: CSVDecisions) -> String {
        var parts: [String] = []
        switch d.delimiter {
        case 0x09: parts.append("tab")
        default: parts.append("'\(String(decoding: [d.delimiter], as: UTF8.self))'")
        }
        if d.decimalComma { parts.append("decimal ','") }
        switch d.encoding {
        case .utf8: break
        case .utf8BOM: parts.append("UTF-8 BOM")
        case .windows1252: parts.append("Windows-1252")
        }
        if !d.header { parts.append("no header") }
        return parts.joined(separator: ", ")
    }
}
