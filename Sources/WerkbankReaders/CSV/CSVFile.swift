import WerkbankEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// A CSV file as a researcher has it: the table may sit between title lines
/// and footnotes (CBS StatLine exports), and "." may stand for "unknown" in
/// numeric columns. Finds the table (`CSVPreamble`), hands exactly that byte
/// range to `CSVReader` (unchanged), then reads "." as null where that
/// cannot change a real value.
///
/// The "." rule: a string column becomes numeric, its "." and "x" values null, only
/// when every other value in it is a number (`12`, `-3`, `1,5` or `1.5`
/// matching the file's decimal separator; never a leading-zero code such as
/// `0599`), the column's type was not forced with `types=`, and the value is
/// exactly "." or "x" (CBS: unknown, secret; "-" (nil) stays text). Such
/// columns are counted in the load message.
public enum CSVFile {
    public static func read(
        _ input: ReaderInput, options: CSVOptions, skip: Int? = nil,
        progress: LoadProgress? = nil, cancel: CancellationToken
    ) throws(EngineError) -> (Table, CSVDecisions, CSVTrim) {
        try input.withBytes(cancel: cancel, progress: progress) { (buf) throws(EngineError) -> (Table, CSVDecisions, CSVTrim) in
            try read(buffer: buf, name: input.name, options: options, skip: skip, cancel: cancel)
        }
    }

    /// The column names and types only (as `CSVReader.schema`), with the
    /// title and footnote lines left out; for completion on the start of a file.
    public static func schema(
        _ input: ReaderInput, options: CSVOptions, skip: Int? = nil,
        cancel: CancellationToken
    ) throws(EngineError) -> Schema {
        try input.withBytes(cancel: cancel) { (raw) throws(EngineError) -> Schema in
            let wide = WideText.encoding(raw, forced: options.encoding).map { WideText.utf8(raw, $0) }
            var options = options
            if wide != nil { options.encoding = .utf8 }
            return try (wide ?? []).withUnsafeBufferPointer { (decoded) throws(EngineError) -> Schema in
                let buffer = wide == nil ? raw : decoded
                let range = CSVPreamble.tableRange(buffer, delimiter: options.delimiter, skip: skip)
                let slice = UnsafeBufferPointer(rebasing: buffer[range.start..<max(range.start, range.end)])
                return try CSVReader.schema(buffer: slice, name: input.name, options: options, cancel: cancel).0
            }
        }
    }

    static func read(
        buffer: UnsafeBufferPointer<UInt8>, name: String, options: CSVOptions, skip: Int?,
        cancel: CancellationToken
    ) throws(EngineError) -> (Table, CSVDecisions, CSVTrim) {
        // UTF-16/32: decoded first, so title lines and all are found in UTF-8.
        if let wide = WideText.encoding(buffer, forced: options.encoding) {
            var utf8Options = options
            utf8Options.encoding = .utf8
            let text = WideText.utf8(buffer, wide)
            var (table, decisions, trim) = try text.withUnsafeBufferPointer { (b) throws(EngineError) -> (Table, CSVDecisions, CSVTrim) in
                try read(buffer: b, name: name, options: utf8Options, skip: skip, cancel: cancel)
            }
            decisions.encoding = wide
            return (table, decisions, trim)
        }
        let range = CSVPreamble.tableRange(buffer, delimiter: options.delimiter, skip: skip)
        let hadBOM = TextDecoding.hasBOM(buffer) && range.start > 0
        let slice = UnsafeBufferPointer(rebasing: buffer[range.start..<max(range.start, range.end)])
        func readTable(_ o: CSVOptions) throws(EngineError) -> (read: (Table, CSVDecisions, CSVTrim), readAgainWithComma: Bool) {
            var (table, decisions): (Table, CSVDecisions)
            do {
                (table, decisions) = try CSVReader.read(buffer: slice, name: name, options: o, cancel: cancel)
            } catch {
                // Line numbers count from the top of the file, not of the table.
                if case .badFile(let path, let message, let line?) = error, range.linesBefore > 0 {
                    throw .badFile(path: path, message: message, line: line + range.linesBefore)
                }
                if case .badFile(let path, "empty file", nil) = error, range.start > 0 {
                    throw .badFile(path: path, message: "no table after the \(range.linesBefore) skipped lines", line: nil)
                }
                throw error
            }
            if hadBOM, decisions.encoding == .utf8, options.encoding == nil { decisions.encoding = .utf8BOM }
            var trim = range.trim
            let (columns, usedComma, markersRead) = dotNulls(&table, decisions: decisions, forced: o.types, nullValues: o.nullValues)
            trim.dotNullColumns = columns
            trim.nullMarkers = markersRead
            if usedComma { decisions.decimalComma = true }
            var grouped: [CSVSniffedThousands.Found] = []
            var readAgain = false
            if o.thousands == nil {
                let sniffed = CSVSniffedThousands.apply(
                    &table, decimalComma: decisions.decimalComma, decimalForced: options.decimalComma != nil,
                    delimiter: decisions.delimiter, forced: o.types)
                readAgain = sniffed.readAgainWithComma
                grouped = sniffed.found
                decisions.decimalComma = sniffed.decimalComma
                decisions.thousandsColumns = CSVSniffedThousands.describe(grouped)
                decisions.thousandsFound = grouped
            }
            let dates = CSVDayFirstDates.apply(&table, forced: o.types, layout: o.dateFormat)
            decisions.dateColumns = dates.map(CSVDayFirstDates.describe)
            decisions.datesFound = dates
            decisions.textColumns = decisions.textColumns.compactMap { fallback in
                guard !columns.contains(fallback.column), !dates.contains(where: { $0.column == fallback.column }),
                    table.fields.first(where: { $0.name == fallback.column })?.type ?? .string == .string
                else { return nil }
                var f = fallback
                f.line += range.linesBefore
                return f
            }
            return ((table, decisions, trim), readAgain)
        }
        let first = try readTable(options)
        guard first.readAgainWithComma else { return first.read }
        // `1.234,56` in a file whose floats were read with a decimal point:
        // read again with the decimal comma, unless that turns a numeric
        // column into text.
        var comma = options
        comma.decimalComma = true
        let second = try readTable(comma).read
        let numeric = { (t: Table) in Set(t.fields.filter { $0.type == .int || $0.type == .float }.map(\.name)) }
        return numeric(first.read.0).isSubset(of: numeric(second.0)) ? second : first.read
    }

    /// What CBS writes for a missing number: "." unknown, "x" secret.
    static let markers = [".", "x"]

    /// Applies the "." rule; returns the columns it changed, whether one
    /// of them was read with a decimal comma, and the markers it read as null.
    static func dotNulls(
        _ table: inout Table, decisions: CSVDecisions, forced: [String: DataType],
        nullValues: [String]
    ) -> ([String], Bool, [String]) {
        let markers = CSVFile.markers.filter { !nullValues.contains($0) }
        if markers.isEmpty { return ([], false, []) }
        var changed: [String] = []
        var read = Set<String>()
        var usedComma = false
        for (k, field) in table.fields.enumerated() where field.type == .string && forced[field.name] == nil {
            guard case .string(let codes, let dictionary) = table.columns[k].storage else { continue }
            // The codes of the markers this column holds (at most two).
            let markerCodes = markers.compactMap { dictionary.values.firstIndex(of: $0) }
            guard !markerCodes.isEmpty else { continue }
            let isMarker = { (code: Int) -> Bool in markerCodes.contains(code) }
            var mask: UInt16 = 0
            var others = 0
            for (code, v) in dictionary.values.enumerated() where !isMarker(code) && !v.isEmpty {
                mask |= XLSXTableBuilder.classify(v)
                others += 1
            }
            guard others > 0 else { continue }
            let numeric = CSVKind.int | CSVKind.bigInt | CSVKind.floatExp | CSVKind.floatDot | CSVKind.floatComma
            guard mask & ~numeric == 0 else { continue }
            let comma = mask & CSVKind.floatComma != 0, point = mask & CSVKind.floatDot != 0
            if comma && point { continue }
            if comma && decisions.delimiter == UInt8(ascii: ",") { continue }
            if point && decisions.decimalComma { continue }
            let source = table.columns[k]
            var validity = source.validity ?? Validity(count: codes.count, allValid: true)
            let column: Column
            if mask == CSVKind.int {
                let values = dictionary.values.map { Int64($0) ?? 0 }
                var out = [Int64](repeating: 0, count: codes.count)
                for (i, c) in codes.enumerated() {
                    if isMarker(Int(c)) || dictionary.values[Int(c)].isEmpty { validity.clear(i) } else { out[i] = values[Int(c)] }
                }
                column = Column(.int(out), validity: validity)
            } else {
                let values = dictionary.values.map { Double($0.replacingComma(comma)) ?? 0 }
                var out = [Double](repeating: 0, count: codes.count)
                for (i, c) in codes.enumerated() {
                    if isMarker(Int(c)) || dictionary.values[Int(c)].isEmpty { validity.clear(i) } else { out[i] = values[Int(c)] }
                }
                column = Column(.float(out), validity: validity)
            }
            // Null rows keep whatever code they had; their validity bit is what counts.
            if let v = source.validity {
                var merged = validity
                for i in 0..<codes.count where !v.isValid(i) { merged.clear(i) }
                table.setColumn(field.name, Column(column.storage, validity: merged))
            } else {
                table.setColumn(field.name, column)
            }
            changed.append(field.name)
            for code in markerCodes { read.insert(dictionary.values[code]) }
            if comma { usedComma = true }
        }
        return (changed, usedComma, markers.filter(read.contains))
    }
}

extension String {
    fileprivate func replacingComma(_ comma: Bool) -> String {
        comma ? String(map { $0 == "," ? "." : $0 }) : self
    }
}
