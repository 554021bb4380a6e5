import WerkbankEngine

/// Builds an input table of the corpus through the engine's API, with
/// exactly the declared column types (no reader, no type sniffing).
enum ConformanceTableBuilder {
    typealias FormatError = ConformanceCorpus.FormatError

    static func build(_ header: [(name: String, type: DataType)], _ rows: [[String?]]) throws -> Table {
        var named: [(String, Column)] = []
        for (c, field) in header.enumerated() {
            let cells = rows.map { $0[c] }
            let validity = Validity(cells.map { $0 != nil })
            let storage: Column.Storage
            switch field.type {
            case .int:
                storage = .int(try cells.map { s throws -> Int64 in
                    guard let s else { return 0 }
                    guard s.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }), let v = Int64(s) else {
                        throw FormatError(description: "\"\(s)\" is not an int")
                    }
                    return v
                })
            case .float:
                storage = .float(try cells.map { s throws -> Double in
                    guard let s else { return 0 }
                    switch s {
                    case "NaN": return .nan
                    case "inf": return .infinity
                    case "-inf": return -.infinity
                    default:
                        guard s.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || "-+.eE".utf8.contains($0) }), let v = Double(s) else {
                            throw FormatError(description: "\"\(s)\" is not a float")
                        }
                        return v
                    }
                })
            case .bool:
                storage = .bool(try cells.map { s throws -> Bool in
                    switch s {
                    case nil: return false
                    case "true": return true
                    case "false": return false
                    default: throw FormatError(description: "\"\(s!)\" is not a bool")
                    }
                })
            case .date:
                storage = .date(try cells.map { s throws -> Int32 in
                    guard let s else { return 0 }
                    guard s.utf8.count == 10, let d = CalendarDate.parse(Array(s.utf8)) else {
                        throw FormatError(description: "\"\(s)\" is not a date YYYY-MM-DD")
                    }
                    return d
                })
            case .geometry:
                throw FormatError(description: "the corpus has no geometry columns")
            case .string:
                // Keyed by bytes: `é` and `e` + U+0301 must get different codes.
                var index: [[UInt8]: Int32] = [:]
                var values: [String] = []
                let codes = cells.map { s -> Int32 in
                    guard let s else { return 0 }
                    let key = Array(s.utf8)
                    if let code = index[key] { return code }
                    let code = Int32(values.count)
                    index[key] = code
                    values.append(s)
                    return code
                }
                if values.isEmpty { values.append("") }
                storage = .string(codes: codes, dictionary: StringDictionary(values))
            }
            named.append((field.name, Column(storage, validity: validity)))
        }
        return Table(fields: header.map { Field($0.name, $0.type) }, columns: named.map(\.1), rowCount: rows.count)
    }
}
