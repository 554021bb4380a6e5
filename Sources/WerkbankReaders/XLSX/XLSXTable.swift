import WerkbankEngine
import Foundation

/// Turns a sheet's grid into a typed table: header, merged cells, column types.
struct XLSXTableBuilder {
    var grid: XLSXGrid
    let strings: [String]
    let styles: [XLSXStylesEvents.NumberStyle]
    let date1904: Bool
    private(set) var errorCells = 0
    private(set) var twoHeaderRows = false
    private(set) var titleRows = 0

    init(grid: XLSXGrid, strings: [String], styles: [XLSXStylesEvents.NumberStyle], date1904: Bool) {
        self.grid = grid
        self.strings = strings
        self.styles = styles
        self.date1904 = date1904
    }

    typealias Kind = XLSXGrid.Kind

    mutating func build(options: XLSXOptions, name: String) throws(EngineError) -> Table {
        let n = grid.rowCount
        // Only columns with cells are padded (a lone cell far to the right must not cost a slot per row in every column between).
        for c in grid.columns.indices where !grid.columns[c].kinds.isEmpty { grid.columns[c].pad(to: n) }
        // Values per row before merged cells fill their ranges (a title merged over the table is one value).
        var ownValues = [Int](repeating: 0, count: n)
        var titleText = [Bool](repeating: false, count: n)
        for col in grid.columns where !col.kinds.isEmpty {
            for slot in 0..<n where col.kinds[slot] != .empty {
                if col.kinds[slot] == .text {
                    let t = strings[Int(col.refs[slot])]
                    if XLSXText.isBlank(t) { continue }
                    if t.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) { titleText[slot] = true }
                }
                ownValues[slot] += 1
            }
        }
        fillMerges()
        for c in grid.columns.indices where !grid.columns[c].kinds.isEmpty { grid.columns[c].pad(to: n) }
        // Rows with a value, after the skipped ones (a row of blank texts is
        // no row: it shows nothing).
        var live: [Int] = []
        for slot in 0..<n where grid.rowNumbers[slot] > options.skipRows {
            if grid.columns.contains(where: { !$0.kinds.isEmpty && $0.kinds[slot] != .empty && !isBlankText($0, slot) }) { live.append(slot) }
        }
        // Title rows: up to 10 rows at the top with a single text value, when
        // the row after them names every column the table uses.
        if options.header, options.skipRows == 0 {
            var k = 0
            while k < min(10, live.count - 2), ownValues[live[k]] == 1, titleText[live[k]] { k += 1 }
            if k > 0 {
                let header = live[k]
                let rest = live[(k + 1)...]
                let complete = grid.columns.allSatisfy { col in
                    col.kinds.isEmpty || !rest.contains { col.kinds[$0] != .empty } || col.kinds[header] != .empty
                }
                if complete, ownValues[header] >= 2 {
                    titleRows = k
                    live.removeFirst(k)
                }
            }
        }
        // Columns with a name or a value.
        let used = grid.columns.indices.filter { c in
            !grid.columns[c].kinds.isEmpty && live.contains { grid.columns[c].kinds[$0] != .empty }
        }
        if used.isEmpty { throw .badFile(path: name, message: "the sheet is empty", line: nil) }
        var headerSlots: [Int] = []
        var dataSlots = live[...]
        var kinds: [XLSXColumnKinds] = []
        if options.header, let first = live.first {
            let block = headerBlock(first, below: live.dropFirst(), ownValues: ownValues)
            kinds = columnKinds(used, live.dropFirst(block.count))
            // The first row alone may be data (numbers over numbers): the CSV reader's rule.
            if block.count == 1, options.headerChoice == nil,
                XLSXHeaderRule.firstRowIsData(used.map { firstRowCell($0, first) }, below: kinds)
            {
                for (k, c) in used.enumerated() {
                    let col = grid.columns[c]
                    kinds[k].add(col.kinds[first], col.numbers[first], style(col.refs[first]))
                }
            } else {
                headerSlots = block
                dataSlots = live.dropFirst(block.count)
                twoHeaderRows = block.dropFirst().contains { ownValues[$0] > 0 }
            }
        } else {
            kinds = columnKinds(used, live[...])
        }
        let data = Array(dataSlots)
        var raw: [String] = []
        for c in used {
            var parts: [String] = []
            for slot in headerSlots {
                if let t = text(c, slot)?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty, parts.last != t { parts.append(t) }
            }
            raw.append(parts.joined(separator: " "))
        }
        let names = ColumnNames.unique(raw)
        var named: [(String, Column)] = []
        for (k, c) in used.enumerated() {
            if let keep = options.columns, !keep.contains(names[k]) { continue }
            errorCells += kinds[k].errors
            named.append((names[k], column(c, data, type: kinds[k].type)))
        }
        return Table(named, rowCount: data.count)
    }

    /// What each column holds in `slots`.
    private func columnKinds(_ columns: [Int], _ slots: ArraySlice<Int>) -> [XLSXColumnKinds] {
        columns.map { c in
            let col = grid.columns[c]
            var kinds = XLSXColumnKinds()
            for slot in slots { kinds.add(col.kinds[slot], col.numbers[slot], style(col.refs[slot])) }
            return kinds
        }
    }

    private func firstRowCell(_ c: Int, _ slot: Int) -> XLSXHeaderRule.Cell {
        let col = grid.columns[c]
        return XLSXHeaderRule.cell(col.kinds[slot], col.numbers[slot], style(col.refs[slot]), name: text(c, slot))
    }

    // MARK: Merged cells and headers

    /// A merged range shows its top-left value over the whole range: so it is read.
    private mutating func fillMerges() {
        guard !grid.merges.isEmpty else { return }
        var slotOf: [Int: Int] = [:]
        for (slot, r) in grid.rowNumbers.enumerated() where slotOf[r] == nil { slotOf[r] = slot }
        for (r1, c1, r2, c2) in grid.merges {
            guard let top = slotOf[r1], c1 < grid.columns.count, !grid.columns[c1].kinds.isEmpty,
                grid.columns[c1].kinds[top] != .empty
            else { continue }
            let kind = grid.columns[c1].kinds[top], number = grid.columns[c1].numbers[top], ref = grid.columns[c1].refs[top]
            let slots: [Int] =
                r2 - r1 < grid.rowCount
                ? (r1...r2).compactMap { slotOf[$0] }
                : grid.rowNumbers.indices.filter { (r1...r2).contains(grid.rowNumbers[$0]) }
            // Only up to the last column that holds cells (a title merged over
            // A1:XFD1 costs nothing); a column inside the range without cells
            // of its own gets the value too (C1:D2 names column D).
            let last = min(c2, grid.columns.count - 1)
            guard c1 <= last else { continue }
            for slot in slots {
                for c in c1...last where !(slot == top && c == c1) {
                    if grid.columns[c].kinds.count < grid.rowCount { grid.columns[c].pad(to: grid.rowCount) }
                    if grid.columns[c].kinds[slot] == .empty {
                        grid.columns[c].kinds[slot] = kind
                        grid.columns[c].numbers[slot] = number
                        grid.columns[c].refs[slot] = ref
                    }
                }
            }
        }
    }

    /// The header's rows: the first row, and below it the rows that its
    /// cells merged downward cover (`A1:A2`, each holding only text), or
    /// else the row of names under a group row.
    private func headerBlock(_ first: Int, below: ArraySlice<Int>, ownValues: [Int]) -> [Int] {
        let r = grid.rowNumbers[first]
        let bottom = grid.merges.reduce(r) { $1.0 == r && $1.2 > r ? max($0, $1.2) : $0 }
        var block = [first]
        if bottom > r {
            for slot in below {
                guard grid.rowNumbers[slot] <= bottom, onlyText(slot) else { break }
                block.append(slot)
            }
        } else if let second = below.first, isSecondHeaderRow(first: first, second: second, ownValues: ownValues) {
            block.append(second)
        }
        return block
    }

    private func isBlankText(_ col: XLSXGrid.ColumnCells, _ slot: Int) -> Bool {
        col.kinds[slot] == .text && XLSXText.isBlank(strings[Int(col.refs[slot])])
    }

    private func onlyText(_ slot: Int) -> Bool {
        grid.columns.allSatisfy { $0.kinds.isEmpty || $0.kinds[slot] == .empty || $0.kinds[slot] == .text }
    }

    /// A group row above the names: the header row has a cell merged over
    /// several columns and another value of its own (a title merged over the
    /// table is no group), and the row right below it holds only text, with
    /// a name under that merged cell.
    private func isSecondHeaderRow(first: Int, second: Int, ownValues: [Int]) -> Bool {
        let r = grid.rowNumbers[first]
        guard grid.rowNumbers[second] == r + 1, ownValues[first] >= 2 else { return false }
        let groups = grid.merges.filter { $0.0 == r && $0.2 == r && $0.3 > $0.1 }
        guard !groups.isEmpty else { return false }
        for col in grid.columns where !col.kinds.isEmpty && col.kinds[second] != .empty && col.kinds[second] != .text { return false }
        return groups.contains { g in
            (g.1...min(g.3, grid.columns.count - 1)).contains { !grid.columns[$0].kinds.isEmpty && grid.columns[$0].kinds[second] == .text }
        }
    }

    // MARK: Cells

    private func style(_ ref: Int32) -> XLSXStylesEvents.NumberStyle {
        if ref == -1 { return .date }
        return ref >= 0 && Int(ref) < styles.count ? styles[Int(ref)] : .plain
    }

    /// Days since 1970 of a serial date.
    private func days(_ serial: Double, _ ref: Int32) -> Int64 {
        let whole = serial.rounded(.down)
        if ref == -1 { return Int64(whole) }
        if date1904 { return Int64(whole) - 24107 }
        return whole < 61 ? Int64(whole) - 25568 : Int64(whole) - 25569
    }

    private static func clock(_ serial: Double) -> String {
        let seconds = Int(((serial - serial.rounded(.down)) * 86400).rounded())
        let h = min(seconds / 3600, 23), m = (seconds / 60) % 60, s = seconds % 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(h)):\(two(m)):\(two(s))"
    }

    /// Elapsed time (`[h]:mm:ss`) as hours past a day: 10.632 days is `255:10:10`.
    static func elapsed(_ days: Double) -> String {
        let total = Int64((abs(days) * 86400).rounded())
        let h = total / 3600, m = (total / 60) % 60, s = total % 60
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return (days < 0 && total > 0 ? "-" : "") + "\(h):\(two(m)):\(two(s))"
    }

    static func hasTime(_ serial: Double) -> Bool {
        Int(((serial - serial.rounded(.down)) * 86400).rounded()) % 86400 != 0
    }

    private func dateText(_ serial: Double, _ ref: Int32) -> String {
        let d = days(serial, ref)
        guard let d32 = Int32(exactly: d), abs(d) < 3_000_000 else { return Self.plainNumber(serial) }
        let date = CalendarDate.format(d32)
        return Self.hasTime(serial) ? date + " " + Self.clock(serial) : date
    }

    static func plainNumber(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    /// A cell as text (headers, mixed columns).
    private func text(_ c: Int, _ slot: Int) -> String? {
        let col = grid.columns[c]
        switch col.kinds[slot] {
        case .empty, .error: return nil
        case .text: return strings[Int(col.refs[slot])]
        case .bool: return col.numbers[slot] != 0 ? "true" : "false"
        case .number:
            let v = col.numbers[slot], ref = col.refs[slot]
            switch style(ref) {
            case .date, .dateTime: return dateText(v, ref)
            case .time: return Self.clock(v)
            case .duration: return Self.elapsed(v)
            case .plain, .text: return Self.plainNumber(v)
            }
        }
    }

    // MARK: Typed columns

    /// The column of cells `c` over the data rows, as `target` (from `XLSXColumnKinds`).
    private func column(_ c: Int, _ slots: [Int], type target: DataType) -> Column {
        let col = grid.columns[c]
        let n = slots.count
        var validity = Validity(count: n, allValid: true)
        switch target {
        case .int:
            var out = [Int64](repeating: 0, count: n)
            for (i, slot) in slots.enumerated() {
                switch col.kinds[slot] {
                case .number: out[i] = Int64(col.numbers[slot])
                default: validity.clear(i)
                }
            }
            return Column(.int(out), validity: validity)
        case .float:
            var out = [Double](repeating: 0, count: n)
            for (i, slot) in slots.enumerated() {
                switch col.kinds[slot] {
                case .number: out[i] = col.numbers[slot]
                default: validity.clear(i)
                }
            }
            return Column(.float(out), validity: validity)
        case .bool:
            var out = [Bool](repeating: false, count: n)
            for (i, slot) in slots.enumerated() {
                switch col.kinds[slot] {
                case .bool: out[i] = col.numbers[slot] != 0
                default: validity.clear(i)
                }
            }
            return Column(.bool(out), validity: validity)
        case .date:
            var out = [Int32](repeating: 0, count: n)
            for (i, slot) in slots.enumerated() {
                switch col.kinds[slot] {
                case .number:
                    if let d = Int32(exactly: days(col.numbers[slot], col.refs[slot])) { out[i] = d } else { validity.clear(i) }
                default: validity.clear(i)
                }
            }
            return Column(.date(out), validity: validity)
        case .string, .geometry:
            var dictionary = StringDictionaryBuilder()
            var codes = [Int32](repeating: 0, count: n)
            var textCodes: [Int32: Int32] = [:]
            for (i, slot) in slots.enumerated() {
                if col.kinds[slot] == .text, strings[Int(col.refs[slot])].isEmpty {
                    validity.clear(i)
                } else if col.kinds[slot] == .text {
                    let ref = col.refs[slot]
                    if let code = textCodes[ref] {
                        codes[i] = code
                    } else {
                        let code = dictionary.code(for: strings[Int(ref)])
                        textCodes[ref] = code
                        codes[i] = code
                    }
                } else if let t = text(c, slot) {
                    codes[i] = dictionary.code(for: t)
                } else {
                    validity.clear(i)
                }
            }
            if dictionary.values.isEmpty { _ = dictionary.code(for: "") }
            return Column(.string(codes: codes, dictionary: dictionary.build()), validity: validity)
        }
    }

    /// The CSV reader's kind of a text cell (an empty text is null).
    static func classify(_ s: String) -> UInt16 {
        if s.isEmpty { return CSVKind.null }
        var bytes = Array(s.utf8)
        return bytes.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress else { return CSVKind.null }
            return CSVKind.classify(UnsafePointer(base), 0, b.count)
        }
    }
}
