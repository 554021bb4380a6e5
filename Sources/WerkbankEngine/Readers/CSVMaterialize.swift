/// Pass 2: typed vectors for the projected columns, written by all chunks in
/// parallel straight into their final row ranges; chunk string dictionaries
/// merged afterwards (in chunk order, so codes follow first appearance in
/// the file, whatever the chunking) and codes remapped.
extension CSVParse {
    private struct ChunkOutput {
        var tables: UnsafeMutablePointer<ByteStringTable>
        var nullRows: [[Int]]
        var failure: (sink: Int, field: CSVField)?
        var cancelled: Bool
    }

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
        let sinks = selected.map { j in CSVSink(column: j, type: types[j] ?? .string, rows: rows) }
        defer { for s in sinks { s.base.deallocate() } }
        var sinkOf = [Int32](repeating: -1, count: columnCount)
        for (s, sink) in sinks.enumerated() { sinkOf[sink.column] = Int32(s) }
        let kinds = sinks.map(\.kind)
        let bases = sinks.map(\.base)
        let sinkCount = sinks.count

        let outputs: [ChunkOutput] = sinkOf.withUnsafeBufferPointer { so in
            kinds.withUnsafeBufferPointer { kb in
                bases.withUnsafeBufferPointer { bb in
                    ReaderSupport.parallelMap(ranges.count) { i -> ChunkOutput in
                        let tables = UnsafeMutablePointer<ByteStringTable>.allocate(capacity: max(1, sinkCount))
                        for s in 0..<sinkCount {
                            (tables + s).initialize(to: ByteStringTable(expected: kinds[s] == .string ? 256 : 0))
                        }
                        var out = ChunkOutput(tables: tables, nullRows: [], failure: nil, cancelled: false)
                        guard let sob = so.baseAddress, let kbb = kb.baseAddress, let bbb = bb.baseAddress,
                              !cancel.isCancelled else {
                            out.cancelled = true
                            out.nullRows = Array(repeating: [], count: sinkCount)
                            return out
                        }
                        let nullRows = UnsafeMutablePointer<[Int]>.allocate(capacity: max(1, sinkCount))
                        nullRows.initialize(repeating: [], count: sinkCount)
                        var v = CSVMaterializeVisitor(p: p, sinkOf: sob, kinds: kbb, bases: bbb, tables: tables,
                                                      nullRows: nullRows, nulls: nulls, separator: separator,
                                                      row: rowBase[i])
                        let r = CSVScanner.scan(p, count: end, from: ranges[i].start, limit: ranges[i].end,
                                                columns: columnCount, lastWanted: selected.last ?? 0,
                                                quoteFree: quoteFree(ranges[i].start..<ranges[i].end, textHasQuotes: textHasQuotes),
                                                crFree: !textHasCR,
                                                dialect: dialect, visitor: &v, cancel: cancel)
                        out.failure = v.failure
                        out.cancelled = r.failure == .cancelled
                        out.nullRows = Array(UnsafeBufferPointer(start: nullRows, count: sinkCount))
                        nullRows.deinitialize(count: sinkCount)
                        nullRows.deallocate()
                        return out
                    }
                }
            }
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
                let value = ReaderSupport.quoteForMessage(CSVScanner.valueBytes(p, f))
                let column = names[sinks[s].column]
                throw .badFile(path: name, message: "column \"\(column)\": \(value) is not a valid \(sinks[s].type.rawValue)",
                               line: line(f.rawStart))
            }
        }
        try cancel.check()
        ReaderTrace.mark("pass2")
        let columns = ReaderSupport.parallelMap(sinkCount) { s -> Column in
            let sink = sinks[s]
            var validity: Validity?
            let nullCount = outputs.reduce(0) { $0 + $1.nullRows[s].count }
            if nullCount > 0 {
                var v = Validity(count: rows, allValid: true)
                for o in outputs { for r in o.nullRows[s] { v.clear(r) } }
                validity = v
            }
            let storage: Column.Storage
            switch sink.kind {
            case .int:
                storage = .int(Array(UnsafeBufferPointer(start: sink.base.assumingMemoryBound(to: Int64.self), count: rows)))
            case .float:
                storage = .float(Array(UnsafeBufferPointer(start: sink.base.assumingMemoryBound(to: Double.self), count: rows)))
            case .bool:
                storage = .bool(Array(UnsafeBufferPointer(start: sink.base.assumingMemoryBound(to: Bool.self), count: rows)))
            case .date:
                storage = .date(Array(UnsafeBufferPointer(start: sink.base.assumingMemoryBound(to: Int32.self), count: rows)))
            case .string:
                storage = mergeStrings(sink: s, base: sink.base.assumingMemoryBound(to: Int32.self), rows: rows,
                                       rowBase: rowBase, ranges: ranges, outputs: outputs)
            }
            return Column(storage, validity: validity)
        }
        let fields = selected.enumerated().map { s, j in Field(names[j], columns[s].type) }
        return Table(fields: fields, columns: columns, rowCount: rows)
    }

    private func mergeStrings(sink s: Int, base: UnsafeMutablePointer<Int32>, rows: Int, rowBase: [Int],
                              ranges: [(start: Int, end: Int, rows: Int)], outputs: [ChunkOutput]) -> Column.Storage {
        var values: [String]
        if outputs.count == 1 {
            values = outputs[0].tables[s].strings()
        } else {
            var global = ByteStringTable(expected: outputs.reduce(0) { max($0, $1.tables[s].count) })
            defer { global.release() }
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
            values = global.strings()
        }
        if values.isEmpty, rows > 0 { values = [""] }
        let codes = Array(UnsafeBufferPointer(start: base, count: rows))
        return .string(codes: codes, dictionary: StringDictionary(values))
    }
}
