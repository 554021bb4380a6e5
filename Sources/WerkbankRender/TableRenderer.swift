import WerkbankEngine

/// The `table` format: a box-drawn table that fits the width, then the shape.
///
/// ```
/// ┌────┬───────────┬─────────┐
/// │ id │ name      │ founded │
/// ├────┼───────────┼─────────┤
/// │  1 │ Keilepand │    2009 │
/// │  2 │ null      │    null │
/// └────┴───────────┴─────────┘
/// 2 rows × 3 columns
/// ```
///
/// Only the first `maxRows` rows are shown (the footer says so). When the
/// table is wider than `width`, the widest text columns are cut with `…`
/// (never below a readable 12 cells; numbers, dates and bools keep their
/// values whole and may only have their header cut). When even that does not
/// fit, fewer columns are shown: the first ones and the last, with a `…`
/// column where the middle ones are left out, named in a `hidden: …` line
/// that says how to see them. A line of the box never exceeds `width` cells.
/// With `RenderOptions.wrap` (notebooks), a cut text goes on over more lines
/// of its row instead, and rules then separate the rows.
public enum TableRenderer {
    /// The narrowest a column's header is cut to while others still fit.
    static let minimumColumnWidth = 6
    /// The narrowest a text column is cut to: below this, values stop being
    /// readable and the column is better hidden.
    static let readableTextWidth = 12

    /// - Complexity: O(columns × min(rows, maxRows)).
    public static func render(_ table: Table, _ options: RenderOptions) -> String {
        let shown = min(table.rowCount, max(options.maxRows, 0))
        let footer = ValueFormatter.footer(rows: table.rowCount, columns: table.columnCount, shown: shown)
        if table.columnCount == 0 { return footer + "\n" }

        let headers = table.fields.map { ValueFormatter.header($0.name) }
        var cells: [[String]] = []
        var natural: [Int] = []
        var floors: [Int] = []
        let isText = table.fields.map { $0.type == .string }
        for (c, column) in table.columns.enumerated() {
            var texts: [String] = []
            texts.reserveCapacity(shown)
            var values = 0
            for r in 0..<shown {
                let t = ValueFormatter.display(column, r, decimals: options.decimals)
                values = max(values, TerminalWidth.of(t))
                texts.append(t)
            }
            let header = TerminalWidth.of(headers[c])
            cells.append(texts)
            natural.append(max(header, values))
            // A cut number, date or bool misleads: only their header may be cut.
            let floor = isText[c] ? readableTextWidth : max(values, minimumColumnWidth)
            floors.append(min(natural[c], floor))
        }

        let (columns, widths) = layout(natural: natural, floors: floors, cutFirst: isText, width: options.width)
        // nil: the `…` column standing for the hidden middle.
        let rightAligned = columns.map { $0.map { table.fields[$0].type.isNumeric } ?? false }
        func text(_ c: Int?, _ r: Int?) -> String { c.map { col in r.map { cells[col][$0] } ?? headers[col] } ?? "…" }

        var out = ""
        if !columns.isEmpty {
            out += rule("┌", "┬", "┐", widths)
            out += line(
                columns.map { text($0, nil) }, widths, rightAligned, wrap: options.wrap,
                style: { _ in options.color ? Ansi.bold : nil })
            if shown > 0 {
                out += rule("├", "┼", "┤", widths)
                var rows: [String] = []
                var wrapped = false
                for r in 0..<shown {
                    let row = columns.map { text($0, r) }
                    let text = line(
                        row, widths, rightAligned, wrap: options.wrap,
                        style: { k in
                            options.color && (columns[k].map { table.columns[$0].isNull(r) } ?? true) ? Ansi.dim : nil
                        })
                    if options.wrap, !wrapped, text.utf8.lazy.filter({ $0 == 0x0A }).count > 1 { wrapped = true }
                    rows.append(text)
                }
                // A row over several lines: rules between the rows tell them apart.
                out += rows.joined(separator: wrapped ? rule("├", "┼", "┤", widths) : "")
            }
            out += rule("└", "┴", "┘", widths)
        }
        out += footer + "\n"
        let visible = Set(columns.compactMap { $0 })
        if visible.count < table.columnCount {
            let hidden = (0..<table.columnCount).filter { !visible.contains($0) }
            out += hiddenLine(hidden.map { headers[$0] }, width: options.width)
            // Wrapped, never cut: the way to the hidden columns must be read whole.
            out +=
                Paragraph.wrap(
                    "(\(visible.count) of \(ValueFormatter.thousands(table.columnCount)) columns shown: choose with select, or see a row "
                        + "whole with card)", width: options.width, firstIndent: "", indent: " ") + "\n"
        }
        return out
    }

    /// Which columns are shown (nil: the one-cell `…` column standing for
    /// hidden ones), and the width of each. A line is `1 + Σ (width + 3)`
    /// cells: `│ ` + text + ` ` per column, `│`.
    ///
    /// When the natural widths do not fit, the `cutFirst` (text) columns are
    /// cut first, then the others, widest first and none below its floor.
    /// When even the floors do not fit, the first columns and the last are
    /// shown with `…` between them (as many first ones as fit). If not one
    /// column fits at its floor, the first is cut to what is left.
    static func layout(natural: [Int], floors: [Int], cutFirst: [Bool], width: Int) -> (columns: [Int?], widths: [Int]) {
        func cost(_ set: [Int]) -> Int { set.reduce(1) { $0 + floors[$1] + 3 } }
        let all = Array(natural.indices)
        var chosen = all
        if cost(all) > width {
            // The first and last columns, the `…` (4 cells), then more first ones while they fit.
            let last = natural.count - 1
            chosen = last > 0 ? [0, last] : [0]
            let gap = last > 0 ? 4 : 0
            if cost(chosen) + gap > width { chosen = [0] }
            var next = 1
            while chosen.count > 1, next < last, cost(chosen + [next]) + gap <= width {
                chosen.insert(next, at: chosen.count - 1)
                next += 1
            }
        }
        if cost(chosen) > width {
            let room = width - 4
            return room >= 1 ? ([0], [min(natural[0], room)]) : ([], [])
        }
        let elided = chosen.count < natural.count && chosen.count > 1
        let room = width - 1 - 3 * chosen.count - (elided ? 4 : 0)
        var widths = chosen.map { natural[$0] }
        if widths.reduce(0, +) > room {
            let first = chosen.indices.filter { cutFirst[chosen[$0]] }
            let second = chosen.indices.filter { !cutFirst[chosen[$0]] }
            let secondNatural = second.reduce(0) { $0 + natural[chosen[$1]] }
            let firstFloors = first.reduce(0) { $0 + floors[chosen[$1]] }
            if secondNatural + firstFloors <= room {
                let w = fill(first.map { natural[chosen[$0]] }, first.map { floors[chosen[$0]] }, room: room - secondNatural)
                for (j, i) in first.enumerated() { widths[i] = w[j] }
            } else {
                for i in first { widths[i] = floors[chosen[i]] }
                let w = fill(second.map { natural[chosen[$0]] }, second.map { floors[chosen[$0]] }, room: room - firstFloors)
                for (j, i) in second.enumerated() { widths[i] = w[j] }
            }
        }
        guard elided else { return (chosen.map { $0 }, widths) }
        var columns: [Int?] = chosen.map { $0 }
        columns.insert(nil, at: chosen.count - 1)
        widths.insert(1, at: chosen.count - 1)
        return (columns, widths)
    }

    /// Widths within `room` (which must hold the floors): the widest columns
    /// capped at the largest cap that fits, the cells left over handed to the
    /// capped columns from the left.
    static func fill(_ natural: [Int], _ floors: [Int], room: Int) -> [Int] {
        if natural.reduce(0, +) <= room { return natural }
        func widths(cap: Int) -> [Int] { zip(natural, floors).map { n, f in max(f, min(n, cap)) } }
        var lo = 0
        var hi = natural.max() ?? 0
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if widths(cap: mid).reduce(0, +) <= room { lo = mid } else { hi = mid - 1 }
        }
        var w = widths(cap: lo)
        var slack = room - w.reduce(0, +)
        for i in w.indices where slack > 0 && w[i] < natural[i] && w[i] == lo {
            w[i] += 1
            slack -= 1
        }
        return w
    }

    static func rule(_ left: String, _ mid: String, _ right: String, _ widths: [Int]) -> String {
        left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: mid) + right + "\n"
    }

    /// One row of the box; with `wrap`, a text wider than its column goes on
    /// over more lines instead of being cut.
    static func line(_ texts: [String], _ widths: [Int], _ right: [Bool], wrap: Bool = false, style: (Int) -> String?) -> String {
        let pieces: [[String]] = texts.enumerated().map { c, text in
            wrap && TerminalWidth.of(text) > widths[c] ? Cells.wrap(text, width: widths[c]) : [Cells.truncate(text, to: widths[c])]
        }
        let height = pieces.map(\.count).max() ?? 1
        var s = ""
        for k in 0..<height {
            s += "│"
            for (c, column) in pieces.enumerated() {
                let t = k < column.count ? column[k] : ""
                let pad = Cells.spaces(widths[c] - TerminalWidth.of(t))
                let styled = t.isEmpty ? t : style(c).map { $0 + t + Ansi.reset } ?? t
                s += " " + (right[c] ? pad + styled : styled + pad) + " │"
            }
            s += "\n"
        }
        return s
    }

    /// `hidden: a, b, c`, wrapped to the width with continuation lines
    /// indented under the first name.
    static func hiddenLine(_ names: [String], width: Int) -> String {
        let prefix = "hidden: "
        let indent = TerminalWidth.of(prefix)
        let room = max(width - indent, minimumColumnWidth + 1)
        var lines: [String] = []
        var cur = ""
        var used = 0
        for (i, raw) in names.enumerated() {
            let last = i == names.count - 1
            let item = Cells.truncate(raw, to: last ? room : room - 1) + (last ? "" : ",")
            let w = TerminalWidth.of(item)
            if cur.isEmpty {
                cur = item
                used = w
            } else if used + 1 + w <= room {
                cur += " " + item
                used += 1 + w
            } else {
                lines.append(cur)
                cur = item
                used = w
            }
        }
        lines.append(cur)
        return prefix + lines.joined(separator: "\n" + Cells.spaces(indent)) + "\n"
    }
}
