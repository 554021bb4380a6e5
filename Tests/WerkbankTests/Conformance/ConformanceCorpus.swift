import Foundation
import WerkbankEngine

/// The conformance corpus (`Tests/Conformance/*.test`, format in its
/// README.md): inline input tables and cases (pipeline → expected CSV).
/// Parsed here exactly as `generate.py` parses it.
///
/// Strings are handled as Unicode scalars and compared as UTF-8 bytes, never
/// with `String ==` (which treats `é` and `e` + U+0301 as equal): the corpus
/// checks that werkbank keeps them apart.
struct ConformanceCorpus {
    struct InputTable {
        var name: String
        var table: Table
    }

    struct Case {
        var name: String
        var file: String
        var line: Int
        var source: String
        var pipeline: String
        var expected: Expected
    }

    enum Expected {
        /// The header line and the rows, as the runner renders them (LF-terminated lines).
        case table(text: String)
        case error(substring: String)
        /// A bare `----`: the generator has not been run.
        case missing
    }

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    var tables: [InputTable] = []
    var cases: [Case] = []

    static let directory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Conformance").path

    /// The .test files, sorted by name.
    static let fileNames: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
        .filter { $0.hasSuffix(".test") }.sorted()

    static func load(_ file: String) throws -> ConformanceCorpus {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file))
        return try parse(Array(data), file: file)
    }

    static func parse(_ bytes: [UInt8], file: String) throws -> ConformanceCorpus {
        guard !bytes.contains(0x0D) else { throw FormatError(description: "\(file): CR line endings") }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if lines.last == "" { lines.removeLast() }
        var corpus = ConformanceCorpus()
        var i = 0
        func fail(_ line: Int, _ message: String) -> FormatError { FormatError(description: "\(file):\(line + 1): \(message)") }
        func isBlank(_ s: String) -> Bool { s.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" } }
        while i < lines.count {
            let line = lines[i]
            if isBlank(line) || line.hasPrefix("#") {
                i += 1
                continue
            }
            if line.hasPrefix("table ") {
                let name = String(line.dropFirst(6)).trimmingCharacters(in: .whitespaces)
                guard i + 1 < lines.count else { throw fail(i, "table without a header") }
                let header = try parseHeader(lines[i + 1]).get(orThrow: fail(i + 1, "header fields are name:type"))
                var rows: [[String?]] = []
                var j = i + 2
                while j < lines.count, !isBlank(lines[j]) {
                    guard let fields = splitFields(lines[j]), fields.count == header.count else {
                        throw fail(j, "a row needs \(header.count) fields")
                    }
                    rows.append(
                        try zip(fields, header).map { f, h throws -> String? in
                            if !f.quoted && f.text == "null" { return nil }
                            if f.quoted && h.type != .string { throw fail(j, "only strings may be quoted") }
                            if !f.quoted && f.text.isEmpty { throw fail(j, "an empty field; write null or \"\"") }
                            return f.text
                        })
                    j += 1
                }
                do {
                    corpus.tables.append(InputTable(name: name, table: try ConformanceTableBuilder.build(header, rows)))
                } catch let e as FormatError {
                    throw fail(i, e.description)
                }
                i = j
                continue
            }
            if line.hasPrefix("case ") {
                let name = String(line.dropFirst(5)).trimmingCharacters(in: .whitespaces)
                let start = i
                i += 1
                guard i < lines.count, lines[i].hasPrefix("source ") else { throw fail(start, "`source` must follow `case`") }
                let source = String(lines[i].dropFirst(7))
                i += 1
                var pipeline: [String] = []
                var inSQL = false
                while i < lines.count, !lines[i].hasPrefix("----") {
                    if lines[i] == "sql" { inSQL = true } else if !inSQL { pipeline.append(lines[i]) }
                    i += 1
                }
                guard i < lines.count else { throw fail(start, "case without `----`") }
                let separator = lines[i]
                let expected: Expected
                if separator == "----" {
                    expected = .missing
                    i += 1
                } else if separator.hasPrefix("---- error: ") {
                    expected = .error(substring: String(separator.dropFirst(12)))
                    i += 1
                } else {
                    let words = separator.split(separator: " ")
                    guard words.count == 3, let n = Int(words[1]), words[2] == "rows" || words[2] == "row" else {
                        throw fail(i, "expected `---- N rows` or `---- error: TEXT`")
                    }
                    // The header, then n records; a quoted field may span lines.
                    var j = i + 1
                    var text = ""
                    for _ in 0..<(n + 1) {
                        var quotes = 0
                        repeat {
                            guard j < lines.count else { throw fail(i, "fewer rows than the `----` line says") }
                            quotes += lines[j].utf8.count { $0 == UInt8(ascii: "\"") }
                            text += lines[j] + "\n"
                            j += 1
                        } while quotes % 2 != 0
                    }
                    expected = .table(text: text)
                    i = j
                }
                corpus.cases.append(
                    Case(
                        name: name, file: file, line: start + 1, source: source,
                        pipeline: pipeline.joined(separator: "\n"), expected: expected))
                continue
            }
            throw fail(i, "expected `table NAME`, `case NAME`, a comment or a blank line")
        }
        return corpus
    }

    /// Fields of an input-table line: `,`-separated, spaces around an
    /// unquoted field dropped, a quoted field exact with `""` for a quote.
    /// nil when a quote is not closed or text follows a closing quote.
    static func splitFields(_ line: String) -> [(text: String, quoted: Bool)]? {
        let s = Array(line.unicodeScalars)
        var fields: [(text: String, quoted: Bool)] = []
        var i = 0
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" }
        while true {
            while i < s.count, isSpace(s[i]) { i += 1 }
            var text = String.UnicodeScalarView()
            var quoted = false
            if i < s.count, s[i] == "\"" {
                quoted = true
                i += 1
                while true {
                    guard i < s.count else { return nil }
                    if s[i] == "\"" {
                        if i + 1 < s.count, s[i + 1] == "\"" {
                            text.append("\"")
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    text.append(s[i])
                    i += 1
                }
                while i < s.count, isSpace(s[i]) { i += 1 }
            } else {
                var j = i
                while j < s.count, s[j] != "," { j += 1 }
                var end = j
                while end > i, isSpace(s[end - 1]) { end -= 1 }
                text.append(contentsOf: s[i..<end])
                i = j
            }
            fields.append((String(text), quoted))
            if i >= s.count { return fields }
            guard s[i] == "," else { return nil }
            i += 1
        }
    }

    static func parseHeader(_ line: String) -> [(name: String, type: DataType)]? {
        guard let fields = splitFields(line) else { return nil }
        var out: [(name: String, type: DataType)] = []
        for f in fields {
            let scalars = Array(f.text.unicodeScalars)
            guard let colon = scalars.lastIndex(of: ":"), colon > 0,
                let type = DataType(rawValue: String(String.UnicodeScalarView(scalars[(colon + 1)...])))
            else { return nil }
            out.append((String(String.UnicodeScalarView(scalars[..<colon])), type))
        }
        return out
    }
}

extension Optional {
    func get(orThrow error: @autoclosure () -> some Error) throws -> Wrapped {
        guard let self else { throw error() }
        return self
    }
}
