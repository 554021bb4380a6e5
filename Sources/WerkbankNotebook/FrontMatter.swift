import WerkbankLanguage

/// A dataset a notebook reads, and the sha256 of its bytes when it was recorded.
public struct DatasetPin: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A Library table, by name.
        case table
        /// A file, by its path as written in the notebook.
        case file
    }

    public var kind: Kind
    /// The table's name, or the file's path as written.
    public var name: String
    public var sha256: String

    public init(kind: Kind, name: String, sha256: String) {
        self.kind = kind
        self.name = name
        self.sha256 = sha256
    }

    /// The shortened hash shown in messages: the first 12 hex digits and an ellipsis.
    public static func short(_ hash: String) -> String { String(hash.prefix(12)) + "…" }
}

/// The front matter: the lines between the two `---` lines at the top.
///
/// ```
/// ---
/// werkbank: 1
/// version: 0.1.0
/// title: "The six cases compared"
/// datasets:
///   - name: cases
///     sha256: 3f2a…
///   - file: "jaarcijfers.csv"
///     sha256: 9b1c…
/// ---
/// ```
///
/// Lines other than `version` and `datasets` are kept as written when the
/// notebook is rewritten.
public struct FrontMatter: Sendable, Equatable {
    public static let formatVersion = 1

    public var format: Int
    public var version: String?
    public var title: String?
    public var datasets: [DatasetPin]
    /// `sanitize:`: rewrites applied to outputs before they are compared.
    public var sanitizers: [OutputSanitizer] = []
    /// `parameters:`: the parameter cells' names and default pipelines.
    public var parameters: [NotebookParameter] = []
    /// `session-folder:` (journals only): the folder the cells' paths are relative to.
    public var sessionFolder: String?
    /// The lines between the `---` lines, without terminators.
    var lines: [String]
    var versionLine: Int?
    var datasetsLines: Range<Int>?

    /// A new front matter for a notebook written by this werkbank.
    public init(title: String?, datasets: [DatasetPin]) {
        format = Self.formatVersion
        version = WerkbankVersion.current
        self.title = title
        self.datasets = datasets
        lines = ["werkbank: \(Self.formatVersion)", "version: \(WerkbankVersion.current)"]
        versionLine = 1
        if let title { lines.append("title: " + Self.quote(title)) }
        datasetsLines = nil
    }

    /// Parses the lines between the `---` lines; `firstLine` is the file line of `lines[0]`.
    static func parse(_ lines: [String], firstLine: Int) throws(NotebookError) -> FrontMatter {
        var format: Int?
        var version: String?
        var title: String?
        var datasets: [DatasetPin] = []
        var versionLine: Int?
        var datasetsLines: Range<Int>?
        var sanitizers: [OutputSanitizer] = []
        var parameters: [NotebookParameter] = []
        var sessionFolder: String?
        var seen: [Substring: Int] = [:]
        var i = 0
        func fail(_ message: String, _ index: Int) -> NotebookError {
            NotebookError(message, line: firstLine + index)
        }
        while i < lines.count {
            let line = lines[i][...]
            // A bare carriage return (or another control character) would not
            // survive a rewrite as it was: only tabs, or escapes in quotes.
            if let c = line.unicodeScalars.first(where: { $0.value < 0x20 && $0 != "\t" }) {
                let hex = String(c.value, radix: 16, uppercase: true)
                throw fail(
                    "a control character (U+\(String(repeating: "0", count: 4 - hex.count) + hex)) in the front matter; inside a quoted value write it as an escape (\\r, \\n, \\t)",
                    i)
            }
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                i += 1
                continue
            }
            if line.first == " " || line.first == "\t" || trimmed.hasPrefix("-") {
                throw fail(
                    "unexpected indented line or list item in the front matter (only 'datasets:', 'sanitize:' and 'parameters:' have items)", i)
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw fail("expected 'key: value' in the front matter, found \"\(Self.clip(line))\"", i)
            }
            let key = line[..<colon].trimmingWhitespace()
            let value = line[line.index(after: colon)...].trimmingWhitespace()
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw fail("\"\(Self.clip(key))\" is not a front matter key", i)
            }
            // A rewrite changes one `version:` and one dataset list: a second
            // one would be left stale.
            if ["werkbank", "version", "title", "datasets", "sanitize", "parameters", "session-folder"].contains(key) {
                if let first = seen[key] { throw fail("'\(key):' appears twice in the front matter (first on line \(firstLine + first))", i) }
                seen[key] = i
            }
            switch key {
            case "werkbank":
                guard let n = Int(value), n >= 1 else {
                    throw fail("'werkbank:' is the notebook format version, a whole number (\(formatVersion)); found \"\(Self.clip(value))\"", i)
                }
                if n > formatVersion {
                    throw fail(
                        "this notebook has format \(n), written by a newer werkbank; this werkbank (\(WerkbankVersion.current)) reads format \(formatVersion)",
                        i)
                }
                format = n
            case "version":
                version = try unquote(value, line: firstLine + i)
                versionLine = i
            case "title":
                title = try unquote(value, line: firstLine + i)
            case "session-folder":
                sessionFolder = try unquote(value, line: firstLine + i)
            case "sanitize":
                let (items, end) = try listItems(lines, after: i, firstLine: firstLine, key: "sanitize", value: value)
                for item in items {
                    guard let pattern = item.values["pattern"] else {
                        throw NotebookError("a sanitizer needs 'pattern:' (a regular expression)", line: item.line)
                    }
                    sanitizers.append(try OutputSanitizer(pattern: pattern, replacement: item.values["replace"] ?? "", line: item.line))
                }
                i = end
                continue
            case "parameters":
                let (items, end) = try listItems(lines, after: i, firstLine: firstLine, key: "parameters", value: value)
                for item in items {
                    guard let name = item.values["name"], !name.isEmpty else {
                        throw NotebookError("a parameter needs 'name:'", line: item.line)
                    }
                    parameters.append(NotebookParameter(name: name, defaultValue: item.values["default"]))
                }
                i = end
                continue
            case "datasets":
                let (items, end) = try listItems(lines, after: i, firstLine: firstLine, key: "datasets", value: value)
                for item in items {
                    let kind: DatasetPin.Kind, name: String
                    if let table = item.values["name"] ?? item.values["table"] {
                        (kind, name) = (.table, table)
                    } else if let file = item.values["file"] {
                        (kind, name) = (.file, file)
                    } else {
                        throw NotebookError("this dataset has no 'name:' (or 'file:')", line: item.line)
                    }
                    guard !name.isEmpty else {
                        throw NotebookError(kind == .table ? "empty dataset name" : "empty dataset file path", line: item.line)
                    }
                    guard let sha = item.values["sha256"] else {
                        throw NotebookError("dataset \"\(name)\" has no 'sha256:'", line: item.line)
                    }
                    let hex = sha.lowercased()
                    guard hex.count == 64, hex.allSatisfy({ $0.isHexDigit }) else {
                        throw NotebookError(
                            "'sha256:' must be 64 hexadecimal digits, found \"\(Self.clip(sha))\"",
                            line: item.lines["sha256"] ?? item.line)
                    }
                    datasets.append(DatasetPin(kind: kind, name: name, sha256: hex))
                }
                datasetsLines = i..<end
                i = end
                continue
            default:
                break  // unknown keys are kept as written
            }
            i += 1
        }
        guard let format else {
            throw NotebookError("the front matter has no 'werkbank: \(formatVersion)' line (the notebook format version)", line: firstLine - 1)
        }
        var fm = FrontMatter(title: title, datasets: datasets)
        fm.sanitizers = sanitizers
        fm.parameters = parameters
        fm.sessionFolder = sessionFolder
        fm.format = format
        fm.version = version
        fm.lines = lines
        fm.versionLine = versionLine
        fm.datasetsLines = datasetsLines
        return fm
    }

    /// The front matter as text, `---` to `---`, with the version and the
    /// dataset list as they are now; every other line as it was.
    func rendered(newline: String) -> String {
        var out = lines
        // The version line first: `versionLine` counts in `lines`, and the
        // dataset list below may change length (with `datasets:` above
        // `version:`, a pin line was overwritten).
        if let version, let v = versionLine { out[v] = "version: " + Self.versionScalar(version) }
        let pinLines = Self.datasetLines(datasets)
        if let range = datasetsLines {
            out.replaceSubrange(range, with: pinLines)
        } else if !datasets.isEmpty {
            while let last = out.last, last.trimmingWhitespace().isEmpty { out.removeLast() }
            out.append(contentsOf: pinLines)
        }
        if let version, versionLine == nil, let w = out.firstIndex(where: { $0.hasPrefix("werkbank:") }) {
            out.insert("version: " + Self.versionScalar(version), at: w + 1)
        }
        if let sessionFolder, !out.contains(where: { $0.hasPrefix("session-folder:") }) {
            let at = out.firstIndex(where: { $0.hasPrefix("datasets:") }) ?? out.count
            out.insert("session-folder: " + Self.quote(sessionFolder), at: at)
        }
        return (["---"] + out + ["---"]).map { $0 + newline }.joined()
    }

    /// One `- key: value` item of a front-matter list, with the line of each key.
    struct ListItem {
        var values: [String: String] = [:]
        var lines: [String: Int] = [:]
        /// The line of the item's `-`.
        var line: Int
    }

    /// The `- key: value` items of a list under `key:` starting after line
    /// `start`; returns them and the index of the first line after the list.
    static func listItems(
        _ lines: [String], after start: Int, firstLine: Int, key: Substring, value: Substring
    )
        throws(NotebookError) -> (items: [ListItem], end: Int)
    {
        var i = start + 1
        if value == "[]" { return ([], i) }
        guard value.isEmpty else {
            throw NotebookError("'\(key):' is followed by a list of '- key: value' items", line: firstLine + start)
        }
        var items: [ListItem] = []
        var end = i
        while i < lines.count {
            let l = lines[i][...]
            let t = l.trimmingWhitespace()
            if t.isEmpty || t.hasPrefix("#") {
                i += 1
                continue
            }
            let indented = l.first == " " || l.first == "\t"
            if !indented && !t.hasPrefix("-") { break }
            var entry = t
            if t == "-" || t.hasPrefix("- ") {
                items.append(ListItem(line: firstLine + i))
                entry = t.dropFirst().trimmingWhitespace()
                if entry.isEmpty {
                    i += 1
                    end = i
                    continue
                }
            } else if items.isEmpty {
                throw NotebookError("expected a list item '- …' under '\(key):'", line: firstLine + i)
            }
            guard let c = entry.firstIndex(of: ":") else {
                throw NotebookError("expected 'key: value' in a '\(key):' item, found \"\(clip(entry))\"", line: firstLine + i)
            }
            let k = String(entry[..<c].trimmingWhitespace())
            if items[items.count - 1].values[k] != nil {
                throw NotebookError("'\(k):' appears twice in one '\(key):' item", line: firstLine + i)
            }
            items[items.count - 1].values[k] = try unquote(entry[entry.index(after: c)...].trimmingWhitespace(), line: firstLine + i)
            items[items.count - 1].lines[k] = firstLine + i
            i += 1
            end = i
        }
        return (items, end)
    }

    static func datasetLines(_ pins: [DatasetPin]) -> [String] {
        if pins.isEmpty { return ["datasets: []"] }
        var out = ["datasets:"]
        for pin in pins {
            switch pin.kind {
            case .table: out.append("  - name: " + scalar(pin.name))
            case .file: out.append("  - file: " + quote(pin.name))
            }
            out.append("    sha256: " + pin.sha256)
        }
        return out
    }

    /// A value as written: plain when it is ASCII letters, digits, `_` and
    /// the characters of `plainAlso` (not starting with `-`), quoted
    /// otherwise. Written bare, a value read from quotes could hold a line
    /// break and a `---` line that ends the front matter early.
    static func scalar(_ s: String, plainAlso: String = "") -> String {
        let plain =
            !s.isEmpty && s.first != "-"
            && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || plainAlso.contains($0)) }
        return plain ? s : quote(s)
    }

    /// A version: plain when it is one (`0.1.0`, `1.2.0-beta+7`).
    static func versionScalar(_ s: String) -> String { scalar(s, plainAlso: ".-+") }

    /// A double-quoted YAML string.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// A YAML scalar: double-quoted (with escapes), single-quoted (`''` for a
    /// quote) or plain.
    static func unquote(_ v: Substring, line: Int) throws(NotebookError) -> String {
        guard let first = v.first, first == "\"" || first == "'" else { return String(v) }
        guard v.count >= 2, v.last == first else {
            throw NotebookError("unclosed quote in \(clip(v))", line: line)
        }
        let body = v.dropFirst().dropLast()
        if first == "'" {
            return body.replacingOccurrences(of: "''", with: "'")
        }
        var out = ""
        var scalars = body.unicodeScalars.makeIterator()
        while let u = scalars.next() {
            guard u == "\\" else {
                if u == "\"" { throw NotebookError("a quote inside a quoted value must be written \\\"", line: line) }
                out.unicodeScalars.append(u)
                continue
            }
            guard let e = scalars.next() else { throw NotebookError("a quoted value ends in a lone backslash", line: line) }
            switch e {
            case "n": out += "\n"
            case "t": out += "\t"
            case "r": out += "\r"
            case "\"": out += "\""
            case "\\": out += "\\"
            case "/": out += "/"
            case "u":
                var hex = ""
                for _ in 0..<4 { if let h = scalars.next() { hex.unicodeScalars.append(h) } }
                guard hex.count == 4, let n = UInt32(hex, radix: 16), let s = Unicode.Scalar(n) else {
                    throw NotebookError("bad \\u escape in a quoted value", line: line)
                }
                out.unicodeScalars.append(s)
            default:
                throw NotebookError("unknown escape \\\(e) in a quoted value", line: line)
            }
        }
        return out
    }

    static func clip<S: StringProtocol>(_ s: S) -> String {
        s.count > 40 ? String(s.prefix(40)) + "…" : String(s)
    }
}

extension Substring {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        String(self).split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
