import WerkbankEngine

/// The `card` stage: each row as a card of `name: value` lines, for wide rows
/// and for showing one case in class.
///
/// ```
/// id:      keilepand
/// name:    Keilepand
/// founded: 2009
///
/// 1 row × 3 columns
/// ```
///
/// Values align after the longest name and `: `; a long value wraps at word
/// boundaries to the width, its continuation lines indented to the value
/// column. Cards are separated by a blank line, and a blank line precedes the
/// footer. At most `maxRows` cards are shown.
public enum CardRenderer {
    /// Values always get at least this many cells, even when the names are
    /// too long for the width.
    static let minimumValueWidth = 10

    /// - Complexity: O(columns × min(rows, maxRows)).
    public static func render(_ table: Table, _ options: RenderOptions) -> String {
        let shown = min(table.rowCount, max(options.maxRows, 0))
        let footer = ValueFormatter.footer(rows: table.rowCount, columns: table.columnCount, shown: shown)
        if table.columnCount == 0 || shown == 0 { return footer + "\n" }

        let names = table.fields.map { ValueFormatter.header($0.name) }
        let nameWidths = names.map(TerminalWidth.of)
        let labelWidth = nameWidths.max()! + 2
        let valueWidth = max(options.width - labelWidth, minimumValueWidth)
        let indent = Cells.spaces(labelWidth)

        var out = ""
        for r in 0..<shown {
            if r > 0 { out += "\n" }
            for (c, column) in table.columns.enumerated() {
                let label = names[c] + ":"
                out += Ansi.bold(label, when: options.color)
                let text = ValueFormatter.display(column, r, decimals: options.decimals)
                if text.isEmpty {
                    out += "\n"
                    continue
                }
                out += Cells.spaces(labelWidth - nameWidths[c] - 1)
                let dim = options.color && column.isNull(r)
                for (i, piece) in Cells.wrap(text, width: valueWidth).enumerated() {
                    if i > 0 { out += indent }
                    out += Ansi.dim(piece, when: dim) + "\n"
                }
            }
        }
        return out + "\n" + footer + "\n"
    }
}
