import Foundation
import WerkbankEngine
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

    static let optionKeys = ["delimiter", "decimal", "header", "encoding", "types", "null", "sheet"]

    /// Checks the options before anything is read.
    static func csvOptions(_ node: LoadNode) throws(Diagnostic) -> CSVOptions {
        var o = CSVOptions()
        for opt in node.options {
            let v = opt.value.text
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
            case "sheet":
                throw Diagnostic("sheet= is for xlsx files", at: opt.span)
            default:
                throw Diagnostic("unknown load option \"\(opt.key)\"", at: opt.span,
                                 hint: DidYouMean.hint(opt.key, among: optionKeys) ?? "options: " + optionKeys.joined(separator: ", "))
            }
        }
        return o
    }

    enum Kind { case csv, json }

    static func kind(_ node: LoadNode) throws(Diagnostic) -> Kind {
        let ext = (node.path as NSString).pathExtension.lowercased()
        switch ext {
        case "json", "jsonl", "ndjson", "geojson": return .json
        case "xlsx", "xls", "ods":
            throw Diagnostic("\(ext) files cannot be read yet", at: node.pathSpan, hint: "export the sheet as CSV and load that")
        default: return .csv
        }
    }

    static func load(_ node: LoadNode, columns: Set<String>?, context: ExecutionContext) throws(EngineError) -> Loaded {
        // Options were checked at bind time; these cannot fail here.
        let path = context.resolve(node.path)
        switch (try? kind(node)) ?? .csv {
        case .json:
            let t: Table = try { () throws(EngineError) -> Table in throw .invalid("json TEMP") }() // TEMPJSON
            return Loaded(table: t, decisions: "JSON", path: path)
        case .csv:
            var options = (try? csvOptions(node)) ?? CSVOptions()
            options.columns = columns
            let (t, d) = try CSVReader.read(path: path, options: options, cancel: context.cancel)
            return Loaded(table: t, decisions: describe(d), path: path)
        }
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
