import WerkbankEngine

/// The `markdown` format: a GitHub pipe table of all rows (no cap, no footer).
///
/// ```
/// | id | name | founded |
/// | ---: | --- | ---: |
/// | 1 | Keilepand | 2009 |
/// | 2 | null | null |
/// ```
///
/// Numbers are right-aligned (`---:`), floats look as in table mode, `|` is
/// escaped as `\|`, line breaks become `<br>`, null is `null`.
/// A table without columns renders as the empty string.
public enum MarkdownRenderer {
    /// - Complexity: O(rows × columns).
    public static func render(_ table: Table, _ options: RenderOptions) -> String {
        if table.columnCount == 0 { return "" }
        var out = "|"
        for field in table.fields { out += " " + escape(field.name) + " |" }
        out += "\n|"
        for field in table.fields { out += field.type.isNumeric ? " ---: |" : " --- |" }
        out += "\n"
        // Strings are escaped once per dictionary entry.
        let escaped: [[String]?] = table.columns.map { column in
            if case .string(_, let dictionary) = column.storage { dictionary.values.map(escape) } else { nil }
        }
        for r in 0..<table.rowCount {
            out += "|"
            for (c, column) in table.columns.enumerated() {
                let text: String
                if column.isNull(r) {
                    text = "null"
                } else if case .string(let codes, _) = column.storage, let entries = escaped[c] {
                    text = entries[Int(codes[r])]
                } else {
                    text = ValueFormatter.display(column, r, decimals: options.decimals)
                }
                out += " " + text + " |"
            }
            out += "\n"
        }
        return out
    }

    /// A cell's text: `|` → `\|`, CR LF / LF / CR → `<br>`, tab → space,
    /// other controls made visible.
    static func escape(_ s: String) -> String {
        var plain = true
        for b in s.utf8 where b < 0x20 || b == UInt8(ascii: "|") || b >= 0x7F {
            plain = false
            break
        }
        if plain { return s }
        var out = ""
        var previousCR = false
        for u in s.unicodeScalars {
            defer { previousCR = u == "\r" }
            switch u {
            case "|": out += "\\|"
            case "\n": if !previousCR { out += "<br>" }
            case "\r", "\u{2028}", "\u{2029}": out += "<br>"
            case "\t": out += " "
            default:
                if let r = Cells.replacement(u) { out.unicodeScalars.append(r) } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}
