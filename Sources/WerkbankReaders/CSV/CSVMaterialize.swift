import WerkbankEngine

/// Pass 2: typed vectors for the projected columns, written by all chunks in
/// parallel straight into their final row ranges (the storage of the final
/// Swift arrays, so nothing is copied afterwards); chunk string dictionaries
/// merged afterwards (in chunk order, so codes follow first appearance in
/// the file, whatever the chunking) and codes remapped.
extension CSVParse {
    private struct ChunkOutput {
        var tables: UnsafeMutablePointer<ByteStringTable>
        var nullRows: [[Int]]
        var failure: (sink: Int, field: CSVField)?
        var cancelled: Bool
        /// Pass 2 found the records pass 1 counted, and no more: false only
        /// when the bytes changed between the passes (a file rewritten or cut
        /// while it was read). Never more rows than counted are written.
        var consistent = true
    }

    /// A finished vector.
    private enum Vector {
        case int([Int64])
        case float([Double])
        case bool([Bool])
        case int32([Int32])

        /// The codes, moved out (`self` keeps none): remapped in place, they
        /// must have no second reference, or the remap would copy them.
        mutating func takeCodes() -> [Int32] {
            guard case .int32(let codes) = self else { return [] }
            self = .int([])
            return codes
        }
    }

    /// With more materialized columns than this, pass 2 writes into
    /// scratch buffers that are copied into arrays (the arrays are created
    /// one inside the other, a closure level each).
    private static let maxNestedArrays = 64

    func materialize(projection: Set<String>?) throws(EngineError) -> Table {
        let selected = (0..<columnCount).filter { projection?.contains(names[$0]) ?? true }
        var ranges: [(start: Int, end: Int, rows: Int)] = chunks
        if !header { ranges.insert((firstRecord.lowerBound, firstRecord.upperBound, 1), at: 0) }
        var rowBase = [Int]()
        var rows = 0
        for r in ranges {
            rowBase.append(rows)
            rows += r.rows
        }
        let kinds: [CSVSink.Kind] = selected.map { j in
            switch types[j] ?? .string {
            case .int: .int
            case .float: .float
            case .bool: .bool
            case .date: .date
            case .string, .geometry: .string
            }
        }
        if selected.isEmpty {
            // Nothing to convert: pass 1 counted the rows.
            return Table(fields: [], columns: [], rowCount: rows)
        }
        var sinkOf = [Int32](repeating: -1, count: columnCount)
        for (s, j) in selected.enumerated() { sinkOf[j] = Int32(s) }
        let sinkCount = selected.count

        func pass2(_ bases: [UnsafeMutableRawPointer]) -> [ChunkOutput] {
            sinkOf.withUnsafeBufferPointer { so in
                kinds.withUnsafeBufferPointer { kb in
                    bases.withUnsafeBufferPointer { bb in
                        Parallel.parallelMap(ranges.count) { i -> ChunkOutput in
                            materializeChunk(
                                ranges[i], rowBase: rowBase[i], lastWanted: selected.last ?? 0,
                                sinkOf: so, kinds: kb, bases: bb)
                        }
                    }
                }
            }
        }

        var outputs: [ChunkOutput] = []
        var vectors: [Vector]
        if rows > 0, sinkCount <= Self.maxNestedArrays {
            var made = [Vector?](repeating: nil, count: sinkCount)
            _ = Self.nestArrays(0, kinds, rows, [], &made) { bases -> Bool in
                outputs = pass2(bases)
                return outputs.allSatisfy { !$0.cancelled && $0.failure == nil }
            }
            vectors = made.compactMap { $0 }
        } else {
            let buffers = kinds.map { k in UnsafeMutableRawPointer.allocate(byteCount: max(1, rows * Self.stride(k)), alignment: 8) }
            defer { for b in buffers { b.deallocate() } }
            outputs = pass2(buffers)
            vectors = zip(kinds, buffers).map { k, b in Self.copy(k, b, rows) }
        }
        defer {
            for o in outputs {
                for s in 0..<sinkCount { o.tables[s].release() }
                o.tables.deinitialize(count: sinkCount)
                o.tables.deallocate()
            }
        }
        for o in outputs {
            if o.cancelled { throw .cancelled }
            if let (s, f) = o.failure {
                let value = ReadErrorText.quoteForMessage(CSVScanner.valueBytes(p, f))
                let column = names[selected[s]]
                throw .badFile(
                    path: name, message: "column \"\(column)\": \(value) is not a valid \((types[selected[s]] ?? .string).rawValue)",
                    line: line(f.rawStart))
            }
        }
        try cancel.check()
        if outputs.contains(where: { !$0.consistent }) {
            throw .unreadable(
                path: name, message: "the file changed while it was read",
                hint: "load it again once the program writing it has finished")
        }
        guard vectors.count == sinkCount else { throw .invalid("internal error: missing columns after reading \(name)") }

        let columns = vectors.withUnsafeMutableBufferPointer { vectors in
            Parallel.parallelMap(sinkCount) { s -> Column in
                var validity: Validity?
                let nullCount = outputs.reduce(0) { $0 + $1.nullRows[s].count }
                if nullCount > 0 {
                    var v = Validity(count: rows, allValid: true)
                    for o in outputs { for r in o.nullRows[s] { v.clear(r) } }
                    validity = v
                }
                let storage: Column.Storage
                if kinds[s] == .string {
                    var codes = vectors[s].takeCodes()
                    storage = mergeStrings(sink: s, codes: &codes, rows: rows, rowBase: rowBase, ranges: ranges, outputs: outputs)
                } else {
                    switch (kinds[s], vectors[s]) {
                    case (_, .int(let v)): storage = .int(v)
                    case (_, .float(let v)): storage = .float(v)
                    case (_, .bool(let v)): storage = .bool(v)
                    case (_, .int32(let v)): storage = .date(v)
                    }
                }
                return Column(storage, validity: validity)
            }
        }
        let fields = selected.enumerated().map { s, j in Field(names[j], columns[s].type) }
        return Table(fields: fields, columns: columns, rowCount: rows)
    }

    /// Pass 2 over one chunk.
    private func materializeChunk(
        _ range: (start: Int, end: Int, rows: Int), rowBase: Int, lastWanted: Int,
        sinkOf: UnsafeBufferPointer<Int32>, kinds: UnsafeBufferPointer<CSVSink.Kind>,
        bases: UnsafeBufferPointer<UnsafeMutableRawPointer>
    ) -> ChunkOutput {
        let sinkCount = kinds.count
        let tables = UnsafeMutablePointer<ByteStringTable>.allocate(capacity: max(1, sinkCount))
        for s in 0..<sinkCount {
            (tables + s).initialize(to: ByteStringTable(expected: kinds[s] == .string ? 256 : 0))
        }
        var out = ChunkOutput(tables: tables, nullRows: Array(repeating: [], count: sinkCount), failure: nil, cancelled: false)
        guard let so = sinkOf.baseAddress, let kb = kinds.baseAddress, let bb = bases.baseAddress,
            !cancel.isCancelled
        else {
            out.cancelled = true
            return out
        }
        let nullRows = UnsafeMutablePointer<[Int]>.allocate(capacity: max(1, sinkCount))
        nullRows.initialize(repeating: [], count: sinkCount)
        // The scan hands a mapped file's pages back behind it; the rest here.
        defer { MappedPages.release(p, range.start..<range.end) }
        var v = CSVMaterializeVisitor(
            p: p, sinkOf: so, kinds: kb, bases: bb, tables: tables,
            nullRows: nullRows, nulls: nulls, separator: separator,
            datePattern: forcedDatePattern, row: rowBase)
        let r: CSVScanResult
        if let t = options.thousands {
            var grouped = CSVGroupedMaterializeVisitor(inner: v, thousands: t)
            r = CSVScanner.scan(
                p, count: end, from: range.start, limit: range.end,
                columns: columnCount, maxRecords: range.rows, lastWanted: lastWanted,
                quoteFree: quoteFree(range.start..<range.end, textHasQuotes: textHasQuotes),
                crFree: !textHasCR, dialect: dialect, visitor: &grouped, cancel: cancel)
            v = grouped.inner
        } else {
            r = CSVScanner.scan(
                p, count: end, from: range.start, limit: range.end,
                columns: columnCount, maxRecords: range.rows, lastWanted: lastWanted,
                quoteFree: quoteFree(range.start..<range.end, textHasQuotes: textHasQuotes),
                crFree: !textHasCR, dialect: dialect, visitor: &v, cancel: cancel)
        }
        out.failure = v.failure
        out.cancelled = r.failure == .cancelled
        out.consistent = r.rows == range.rows && (r.failure == nil || r.failure == .visitor)
        out.nullRows = Array(UnsafeBufferPointer(start: nullRows, count: sinkCount))
        nullRows.deinitialize(count: sinkCount)
        nullRows.deallocate()
        return out
    }

    private static func stride(_ k: CSVSink.Kind) -> Int {
        switch k {
        case .int: MemoryLayout<Int64>.stride
        case .float: MemoryLayout<Double>.stride
        case .bool: MemoryLayout<Bool>.stride
        case .date, .string: MemoryLayout<Int32>.stride
        }
    }

    private static func copy(_ k: CSVSink.Kind, _ b: UnsafeMutableRawPointer, _ rows: Int) -> Vector {
        switch k {
        case .int: .int(Array(UnsafeBufferPointer(start: b.assumingMemoryBound(to: Int64.self), count: rows)))
        case .float: .float(Array(UnsafeBufferPointer(start: b.assumingMemoryBound(to: Double.self), count: rows)))
        case .bool: .bool(Array(UnsafeBufferPointer(start: b.assumingMemoryBound(to: Bool.self), count: rows)))
        case .date, .string: .int32(Array(UnsafeBufferPointer(start: b.assumingMemoryBound(to: Int32.self), count: rows)))
        }
    }

    /// Creates one array of `rows` elements per kind, each inside the
    /// initializer of the previous one, and calls `body` with their storage
    /// from the innermost level; the arrays keep what `body` wrote (all rows),
    /// or are empty when `body` fails. Depth = number of kinds.
    private static func nestArrays(
        _ i: Int, _ kinds: [CSVSink.Kind], _ rows: Int, _ bases: [UnsafeMutableRawPointer],
        _ made: inout [Vector?], _ body: ([UnsafeMutableRawPointer]) -> Bool
    ) -> Bool {
        if i == kinds.count { return body(bases) }
        var ok = false
        func level<T>(_ type: T.Type) -> [T] {
            [T](unsafeUninitializedCapacity: rows) { buf, count in
                count = 0
                guard let base = buf.baseAddress else { return }
                ok = nestArrays(i + 1, kinds, rows, bases + [UnsafeMutableRawPointer(base)], &made, body)
                if ok { count = rows }
            }
        }
        switch kinds[i] {
        case .int: made[i] = .int(level(Int64.self))
        case .float: made[i] = .float(level(Double.self))
        case .bool: made[i] = .bool(level(Bool.self))
        case .date, .string: made[i] = .int32(level(Int32.self))
        }
        return ok
    }

    private func mergeStrings(
        sink s: Int, codes: inout [Int32], rows: Int, rowBase: [Int],
        ranges: [(start: Int, end: Int, rows: Int)], outputs: [ChunkOutput]
    ) -> Column.Storage {
        var values: [String]
        if outputs.count == 1 {
            values = outputs[0].tables[s].strings()
        } else {
            var global = ByteStringTable(expected: outputs.reduce(0) { max($0, $1.tables[s].count) })
            defer { global.release() }
            codes.withUnsafeMutableBufferPointer { base in
                for (i, o) in outputs.enumerated() {
                    let local = o.tables[s]
                    if local.count == 0 { continue }
                    let remap = global.merge(local)
                    let lo = rowBase[i], hi = rowBase[i] + ranges[i].rows
                    remap.withUnsafeBufferPointer { rm in
                        for r in lo..<hi { base[r] = rm[Int(base[r])] }
                    }
                    // Null rows hold code 0, whatever the chunking.
                    for r in o.nullRows[s] { base[r] = 0 }
                }
            }
            values = global.strings()
        }
        if values.isEmpty, rows > 0 { values = [""] }
        return .string(codes: codes, dictionary: StringDictionary(values))
    }
}
