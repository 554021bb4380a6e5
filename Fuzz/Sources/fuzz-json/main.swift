// Fuzzes the JSON reader: any bytes give a table or an error; a projection
// equals those columns of the whole table.
import FuzzSupport
import WerkbankEngine
import WerkbankReaders
import WerkbankRender

func fingerprint(_ t: Table) -> String {
    for c in t.columns where c.count != t.rowCount {
        violated("a column of \(c.count) values in a table of \(t.rowCount) rows")
    }
    if Set(t.names).count != t.names.count { violated("repeated column names \(t.names)") }
    let schema = t.fields.map { "\($0.name):\($0.type.rawValue)" }.joined(separator: ",")
    return "\(t.rowCount)x\(t.columnCount) \(schema)\n" + CSVWriter.render(t)
}

func read(_ input: [UInt8], _ columns: Set<String>?) -> Result<Table, EngineError> {
    Result { () throws(EngineError) in try JSONReader.read(.bytes(input, name: "fuzz.json"), columns: columns, cancel: .never) }
}

let target: FuzzTarget = { data, size in
    let input = bytes(data, size)
    switch read(input, nil) {
    case .failure(let e):
        if e.message.isEmpty { violated("an empty error message") }
    case .success(let t):
        let all = fingerprint(t)
        guard t.columnCount > 1 else { break }
        let keep = Set(t.names.enumerated().filter { $0.offset % 2 == size % 2 }.map(\.element))
        let indices = t.names.indices.filter { keep.contains(t.names[$0]) }
        let p = read(input, keep)
        if case .success(let t2) = p, fingerprint(t2) == fingerprint(t.project(indices)) {
        } else {
            violated("a projection on \(keep.sorted()) differs from those columns:\n--- whole\n\(all)\n--- projected\n\(p)")
        }
    }
    return 0
}

runFuzzer(target)
