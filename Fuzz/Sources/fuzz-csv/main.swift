// Fuzzes the CSV reader.
//
// Every input is read with sniffing on one chunk, and again cut into many
// small chunks (the parallel path that files over 1 MB take): both must give
// the same table, or the same error. A table read by sniffing must read the
// same again with its decisions and types forced, and a projection must
// equal the same columns of the whole table. One more read forces a set of
// options picked by the input, for the paths sniffing never takes.
@testable import WerkbankEngine
@testable import WerkbankReaders
import FuzzSupport
import WerkbankRender

/// Names, types, shape and every value (CSV distinguishes null from "").
func fingerprint(_ t: Table) -> String {
    let schema = t.fields.map { "\($0.name):\($0.type.rawValue)" }.joined(separator: ",")
    for c in t.columns where c.count != t.rowCount {
        violated("a column of \(c.count) values in a table of \(t.rowCount) rows")
    }
    if Set(t.names).count != t.names.count { violated("repeated column names \(t.names)") }
    if t.names.contains("") { violated("an empty column name in \(t.names)") }
    return "\(t.rowCount)x\(t.columnCount) \(schema)\n" + CSVWriter.render(t)
}

func outcome(_ r: Result<(Table, CSVDecisions), EngineError>) -> String {
    switch r {
    case .success(let (t, d)):
        // The notes on columns left as text are advice sampled from the data
        // (they may differ with the chunking); the decisions and the table may not.
        var decided = d
        decided.textColumns = []
        return "\(decided)\n" + fingerprint(t)
    case .failure(let e): return "error: " + e.message
    }
}

func read(_ input: [UInt8], _ options: CSVOptions) -> Result<(Table, CSVDecisions), EngineError> {
    Result { () throws(EngineError) in try CSVReader.read(.bytes(input, name: "fuzz.csv"), options: options, cancel: .never) }
}

/// Lines in the input (LF, CRLF and CR each end one).
func lineCount(_ input: [UInt8]) -> Int {
    var n = 1
    for (i, b) in input.enumerated() where b == 0x0A || (b == 0x0D && (i + 1 == input.count || input[i + 1] != 0x0A)) { n += 1 }
    return n
}

func checkError(_ r: Result<(Table, CSVDecisions), EngineError>, _ input: [UInt8], _ what: String) {
    guard case .failure(let e) = r else { return }
    if e.message.isEmpty { violated("\(what): an empty error message") }
    if case .badFile(_, _, let line?) = e, line < 1 || line > lineCount(input) {
        violated("\(what): error names line \(line) of a file of \(lineCount(input)) lines: \(e.message)")
    }
}

let delimiters: [UInt8?] = [nil, UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]
let encodings: [TextEncoding?] = [nil, .utf8, .utf8BOM, .windows1252]

let target: FuzzTarget = { data, size in
    let input = bytes(data, size)
    // A checksum picks the chunk size and the forced options, so a crash replays.
    var h: UInt64 = 1469598103934665603
    for b in input { h = (h ^ UInt64(b)) &* 1099511628211 }

    var whole = CSVOptions()
    whole.chunkBytes = Int.max
    let one = read(input, whole)
    checkError(one, input, "one chunk")
    // 2 to 16 chunks: boundaries fall anywhere, in quotes and between CR and LF.
    var chunked = CSVOptions()
    chunked.chunkBytes = max(1, input.count / (2 + Int(h % 15)))
    let many = read(input, chunked)
    let (a, b) = (outcome(one), outcome(many))
    if a != b { violated("one chunk and chunks of \(chunked.chunkBytes!) bytes differ:\n--- one\n\(a)\n--- chunked\n\(b)") }

    // Per-column conversions found after the type pass (thousands separators,
    // day-first dates) have no forced option to say them: a column forced to
    // float or date reads only the canonical forms, so the check below is for
    // files without them.
    if case .success(let (table, decisions)) = one, decisions.thousandsColumns.isEmpty, decisions.dateColumns.isEmpty {
        // Forcing what was sniffed and inferred reads the same table.
        var forced = CSVOptions()
        forced.delimiter = table.columnCount > 1 ? decisions.delimiter : nil
        forced.decimalComma = decisions.decimalComma
        forced.header = decisions.header
        // A BOM is dropped when sniffing finds Windows-1252 after it, but kept
        // as text when Windows-1252 is forced (as documented): leave that one be.
        let bom = input.starts(with: [0xEF, 0xBB, 0xBF])
        forced.encoding = bom && decisions.encoding == .windows1252 ? nil : decisions.encoding
        for f in table.fields { forced.types[f.name] = f.type }
        forced.skipRepeatedHeaders = decisions.repeatedHeaders > 0
        forced.chunkBytes = (h >> 8) % 2 == 0 ? Int.max : max(1, input.count / (2 + Int((h >> 16) % 7)))
        let again = read(input, forced)
        if case .success(let (t2, _)) = again, fingerprint(t2) == fingerprint(table) {
        } else {
            violated("forcing the sniffed decisions and types reads another table:\n--- sniffed\n\(a)\n--- forced\n\(outcome(again))")
        }
        // A projection is those columns of the whole table.
        if table.columnCount > 1 {
            let keep = table.names.enumerated().filter { (h >> (UInt64($0.offset) % 64)) & 1 == 1 }.map(\.element)
            var projected = CSVOptions()
            projected.columns = Set(keep)
            projected.chunkBytes = forced.chunkBytes
            let p = read(input, projected)
            let indices = table.names.indices.filter { keep.contains(table.names[$0]) }
            if case .success(let (t3, _)) = p, fingerprint(t3) == fingerprint(table.project(indices)) {
            } else {
                violated("a projection on \(keep) differs from those columns of the table:\n--- whole\n\(a)\n--- projected\n\(outcome(p))")
            }
        }
    }

    // Options sniffing would not pick.
    var other = CSVOptions()
    other.delimiter = delimiters[Int(h >> 24) % delimiters.count]
    other.decimalComma = [nil, true, false][Int(h >> 28) % 3]
    other.header = [nil, true, false][Int(h >> 32) % 3]
    other.encoding = encodings[Int(h >> 36) % encodings.count]
    other.nullValues = (h >> 40) % 2 == 0 ? [] : ["NA", ".", "-"]
    if (h >> 41) % 2 == 1 {
        // Force a type on the first columns, by the names a header would give.
        let types: [DataType] = [.int, .float, .bool, .date, .string]
        for i in 1...3 { other.types["column_\(i)"] = types[Int(h >> (42 + UInt64(i))) % types.count] }
        if case .success(let (table, _)) = one, let first = table.names.first {
            other.types[first] = types[Int(h >> 50) % types.count]
        }
    }
    other.chunkBytes = (h >> 52) % 2 == 0 ? nil : max(1, input.count / (2 + Int((h >> 56) % 63)))
    let r = read(input, other)
    checkError(r, input, "forced options")
    if case .success(let (t, _)) = r { _ = fingerprint(t) }

    return 0
}

runFuzzer(target)
