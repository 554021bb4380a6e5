import Foundation
import WerkbankEngine

/// `load "x.csv"`: delimited text, what a file is when nothing else claims it.
public enum CSVFormat {
    public static let format = LoadFormat(
        name: "CSV", extensions: ["csv", "tsv", "txt"], options: options,
        failureHint: "check the file, or give options such as delimiter=\";\" decimal=\",\" encoding=\"latin1\" skip=N"
    ) { input, options, settings throws(EngineError) in
        var csv = options.csv
        csv.columns = settings.columns
        let (table, decisions, trim) = try CSVFile.read(
            input, options: csv, skip: options.skip,
            progress: settings.progress, cancel: settings.cancel)
        // Each column that fell back to text comes last, after what was decided.
        let fallbacks = (decisions.dateColumns + decisions.textColumns.map(\.description)).map { "; " + $0 }
        return (table, describe(decisions) + describe(trim) + fallbacks.joined())
    }

    public static let options: [LoadOption] = [
        LoadOption("delimiter", .character, example: "delimiter=\";\"", help: "the character between fields (\"\\t\" or tab for a tab)") {
            o, v throws(LoadOptionError) in
            let d: String = v == "\\t" || v.lowercased() == "tab" ? "\t" : v
            guard d.utf8.count == 1, let b = d.utf8.first, b != 0x22, b != 0x0A, b != 0x0D else {
                throw LoadOptionError("delimiter must be one character", hint: "e.g. delimiter=\";\" or delimiter=\"\\t\"")
            }
            o.csv.delimiter = b
        },
        LoadOption("decimal", .choice([",", "."]), example: "decimal=\",\"", help: "the decimal separator of numbers") {
            o, v throws(LoadOptionError) in
            guard v == "," || v == "." else { throw LoadOptionError("decimal must be \",\" or \".\"") }
            o.csv.decimalComma = v == ","
        },
        LoadOption(
            "thousands", .choice([".", ","]), example: "thousands=\".\"",
            help: "the thousands separator of numbers (15.000,5); the decimal separator is then the other one"
        ) {
            o, v throws(LoadOptionError) in
            guard v == "." || v == "," else { throw LoadOptionError("thousands must be \".\" or \",\"") }
            o.csv.thousands = UInt8(ascii: v == "." ? "." : ",")
        },
        LoadOption(
            "dateformat", .text, example: "dateformat=\"dd-mm-yyyy\"",
            help: "the layout of dates (yyyy, mm, dd, m, d; found by itself for dd-mm-yyyy and dd/mm/yyyy)"
        ) {
            o, v throws(LoadOptionError) in
            guard DatePattern(v) != nil else {
                throw LoadOptionError(
                    "dateformat must name a year, a month and a day once each",
                    hint: "e.g. dateformat=\"dd-mm-yyyy\" or dateformat=\"yyyymmdd\"")
            }
            o.csv.dateFormat = v
        },
        .header,
        LoadOption(
            "encoding", .choice(["utf8", "latin1", "windows-1252", "utf-16", "utf-32"]), example: "encoding=\"latin1\"",
            help: "the text encoding (found by itself when not given)"
        ) { o, v throws(LoadOptionError) in
            switch v.lowercased().replacingOccurrences(of: "_", with: "-") {
            case "utf8", "utf-8": o.csv.encoding = .utf8
            case "utf8-bom", "utf-8-bom": o.csv.encoding = .utf8BOM
            case "latin1", "latin-1", "iso-8859-1", "windows-1252", "cp1252", "win1252": o.csv.encoding = .windows1252
            case "utf16", "utf-16", "utf-16le", "utf16le", "ucs-2": o.csv.encoding = .utf16LE
            case "utf-16be", "utf16be": o.csv.encoding = .utf16BE
            case "utf32", "utf-32", "utf-32le", "utf32le": o.csv.encoding = .utf32LE
            case "utf-32be", "utf32be": o.csv.encoding = .utf32BE
            default: throw LoadOptionError("unknown encoding \"\(v)\"", hint: "use utf8, latin1, windows-1252, utf-16 or utf-32")
            }
        },
        LoadOption("types", .columnTypes, example: "types=\"col:int,col2:date\"", help: "force the types of columns") {
            o, v throws(LoadOptionError) in
            for part in v.split(separator: ",") {
                let pieces = part.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pieces.count == 2, let t = DataType(rawValue: pieces[1].lowercased()), t != .geometry else {
                    throw LoadOptionError("types must read like \"col:int,other:date\"", hint: "types are int, float, string, bool, date")
                }
                o.csv.types[pieces[0]] = t
            }
        },
        LoadOption("null", .text, example: "null=\".\"", help: "a text read as null besides the empty field (may repeat)") {
            o, v throws(LoadOptionError) in
            o.csv.nullValues.append(v)
        },
        .skip,
    ]

    static func describe(_ d: CSVDecisions) -> String {
        var parts: [String] = []
        switch d.delimiter {
        case 0x09: parts.append("tab")
        default: parts.append("'\(String(decoding: [d.delimiter], as: UTF8.self))'")
        }
        if d.decimalComma { parts.append("decimal ','") }
        if let t = d.thousands { parts.append("thousands '\(String(UnicodeScalar(t)))'") }
        parts += d.thousandsColumns
        switch d.encoding {
        case .utf8: break
        case .utf8BOM: parts.append("UTF-8 BOM")
        case .windows1252: parts.append("Windows-1252")
        case .utf16LE: parts.append("UTF-16 LE")
        case .utf16BE: parts.append("UTF-16 BE")
        case .utf32LE: parts.append("UTF-32 LE")
        case .utf32BE: parts.append("UTF-32 BE")
        }
        if !d.header { parts.append("no header") }
        if d.repeatedHeaders > 0 { parts.append("skipped \(plural(d.repeatedHeaders, "repeated header line"))") }
        return parts.joined(separator: ", ")
    }

    static func describe(_ t: CSVTrim) -> String {
        var parts: [String] = []
        if t.skippedLines > 0 { parts.append("skipped \(plural(t.skippedLines, "line")) (skip=\(t.skippedLines))") }
        var found: [String] = []
        if t.titleLines > 0 { found.append(plural(t.titleLines, "title line")) }
        if t.footnoteLines > 0 { found.append(plural(t.footnoteLines, "footnote line")) }
        if !found.isEmpty { parts.append("skipped " + found.joined(separator: " and ")) }
        if !t.dotNullColumns.isEmpty {
            let markers = t.nullMarkers.map { "\"\($0)\"" }.joined(separator: " and ")
            parts.append("\(markers) read as null in \(plural(t.dotNullColumns.count, "column"))")
        }
        return parts.map { ", " + $0 }.joined()
    }
}

/// `3 lines`, `1 line`: the load messages' counts.
func plural(_ n: Int, _ word: String) -> String { "\(NumberText.thousands(n)) \(word)\(n == 1 ? "" : "s")" }
