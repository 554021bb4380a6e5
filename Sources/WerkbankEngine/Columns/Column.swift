/// One column: a typed vector plus an optional validity bitmap.
///
/// The storage is an enum over whole vectors — never a value per cell — so
/// kernels switch once per column and then loop over a plain array.
public struct Column: Sendable {
    public enum Storage: Sendable {
        case int([Int64])
        case float([Double])
        case bool([Bool])
        /// Days since 1970-01-01.
        case date([Int32])
        /// Codes into `dictionary`.
        case string(codes: [Int32], dictionary: StringDictionary)
        /// Shapes (WGS84); a null row holds an empty one.
        case geometry([Geometry])
    }

    public var storage: Storage
    /// nil when no row is null.
    public var validity: Validity?

    public init(_ storage: Storage, validity: Validity? = nil) {
        self.storage = storage
        self.validity = (validity?.nullCount ?? 0) == 0 ? nil : validity
    }

    public var type: DataType {
        switch storage {
        case .int: .int
        case .float: .float
        case .bool: .bool
        case .date: .date
        case .string: .string
        case .geometry: .geometry
        }
    }

    public var count: Int {
        switch storage {
        case .int(let v): v.count
        case .float(let v): v.count
        case .bool(let v): v.count
        case .date(let v): v.count
        case .string(let c, _): c.count
        case .geometry(let v): v.count
        }
    }

    @inline(__always) public func isNull(_ i: Int) -> Bool {
        guard let validity else { return false }
        return !validity.isValid(i)
    }

    public var nullCount: Int { validity?.nullCount ?? 0 }

    /// A column of `count` nulls of the given type.
    public static func nulls(_ type: DataType, count: Int) -> Column {
        let v = Validity(count: count, allValid: false)
        let storage: Storage
        switch type {
        case .int: storage = .int(.init(repeating: 0, count: count))
        case .float: storage = .float(.init(repeating: 0, count: count))
        case .bool: storage = .bool(.init(repeating: false, count: count))
        case .date: storage = .date(.init(repeating: 0, count: count))
        case .string: storage = .string(codes: .init(repeating: 0, count: count), dictionary: StringDictionary([""]))
        case .geometry: storage = .geometry(.init(repeating: Geometry.empty, count: count))
        }
        var c = Column(storage)
        if count > 0 { c.validity = v }
        return c
    }

    /// A string column of `values` (nil is null), dictionary-encoded.
    public static func strings(_ values: [String?]) -> Column {
        var b = StringDictionaryBuilder()
        let codes = values.map { $0.map { b.code(for: $0) } ?? 0 }
        if b.values.isEmpty { _ = b.code(for: "") }
        return Column(.string(codes: codes, dictionary: b.build()), validity: Validity(values.map { $0 != nil }))
    }

    /// The rows at `indices`, in that order (a gather through a selection
    /// vector). A negative index reads as null (see `gatherOrNull`).
    /// - Complexity: O(indices.count)
    public func gather(_ indices: [Int32]) -> Column {
        // Never cancelled, so never throws.
        (try? gather(indices, cancel: .never)) ?? self
    }

    /// `gather` for results that may be huge (a join's): it checks for
    /// cancellation every 64k rows, so Ctrl-C stops it at once.
    public func gather(_ indices: [Int32], cancel: CancellationToken) throws(EngineError) -> Column {
        let storage: Storage
        switch self.storage {
        case .int(let v): storage = .int(try Self.pick(v, indices, cancel: cancel))
        case .float(let v): storage = .float(try Self.pick(v, indices, cancel: cancel))
        case .bool(let v): storage = .bool(try Self.pick(v, indices, cancel: cancel))
        case .date(let v): storage = .date(try Self.pick(v, indices, cancel: cancel))
        case .string(let c, let d): storage = .string(codes: try Self.pick(c, indices, cancel: cancel), dictionary: d)
        case .geometry(let v): storage = .geometry(try Self.pick(v, indices, cancel: cancel))
        }
        return Column(storage, validity: validity?.gather(indices))
    }

    /// `gather` for row numbers that only go up (a filter's, a lookup
    /// join's), moving the kept values down over the column's own: when
    /// nothing else holds the values, no second vector of the result's size
    /// is made. Values that are shared are copied first, as any write to
    /// them would be. Cancelled, the column is left empty (its owner is
    /// throwing it away).
    /// - Precondition: `rows` strictly increasing, each below `count`.
    public mutating func keepRows(ascending rows: [Int32], cancel: CancellationToken) throws(EngineError) {
        let kept = validity?.gather(rows)
        // Each case takes the vector out of `storage` first, so that the
        // column's own reference is gone before the vector is written.
        if case .int(var v) = storage {
            storage = .int([])
            try Self.keep(&v, rows, cancel)
            storage = .int(v)
        } else if case .float(var v) = storage {
            storage = .float([])
            try Self.keep(&v, rows, cancel)
            storage = .float(v)
        } else if case .bool(var v) = storage {
            storage = .bool([])
            try Self.keep(&v, rows, cancel)
            storage = .bool(v)
        } else if case .date(var v) = storage {
            storage = .date([])
            try Self.keep(&v, rows, cancel)
            storage = .date(v)
        } else if case .string(var c, let d) = storage {
            storage = .string(codes: [], dictionary: d)
            try Self.keep(&c, rows, cancel)
            storage = .string(codes: c, dictionary: d)
        } else if case .geometry(var v) = storage {
            storage = .geometry([])
            try Self.keep(&v, rows, cancel)
            storage = .geometry(v)
        }
        validity = (kept?.nullCount ?? 0) == 0 ? nil : kept
    }

    /// `values[rows[j]]` moved to `values[j]`, then the rest dropped: row
    /// `rows[j] >= j` is read before anything is written over it.
    static func keep<T>(_ values: inout [T], _ rows: [Int32], _ cancel: CancellationToken) throws(EngineError) {
        var cancelled = false
        values.withUnsafeMutableBufferPointer { v in
            rows.withUnsafeBufferPointer { r in
                var from = 0
                while from < r.count {
                    if cancel.isCancelled { cancelled = true; return }
                    let to = min(from + gatherBatch, r.count)
                    for j in from..<to { v[j] = v[Int(r[j])] }
                    from = to
                }
            }
        }
        if cancelled { throw .cancelled }
        values.removeLast(values.count - rows.count)
    }

    static let gatherBatch = 1 << 16

    /// `values[indices[j]]` for every j, without bounds checks or
    /// zero-filling: the indices come from the operators, always in range (a
    /// negative one picks row 0, and its validity bit says null).
    static func pick<T>(_ values: [T], _ indices: [Int32]) -> [T] {
        // Never cancelled, so never throws.
        (try? pick(values, indices, cancel: .never)) ?? []
    }

    /// `pick` in batches of 64k rows with a cancellation check between them.
    /// From 256k rows of plain values (not geometries) the batches are
    /// spread over the cores, each writing its own rows of the result.
    static func pick<T>(_ values: [T], _ indices: [Int32], cancel: CancellationToken) throws(EngineError) -> [T] {
        guard !values.isEmpty else { return [] }
        let n = indices.count
        let batches = (n + gatherBatch - 1) / gatherBatch
        // Cancelled, a part stops where it is: only plain values may be left
        // with gaps between the parts (they need no deinitializing).
        let parts = n >= 1 << 18 && _isPOD(T.self) ? min(Parallel.coreCount, batches) : 1
        let done = Parallel.Unchecked(value: UnsafeMutablePointer<Int>.allocate(capacity: parts))
        done.value.initialize(repeating: 0, count: parts)
        defer { done.value.deallocate() }
        let out = [T](unsafeUninitializedCapacity: n) { out, initialized in
            values.withUnsafeBufferPointer { v in
                indices.withUnsafeBufferPointer { idx in
                    let out = Parallel.Unchecked(value: out)
                    Parallel.parallelFor(parts) { part in
                        for b in (batches * part / parts)..<(batches * (part + 1) / parts) {
                            if cancel.isCancelled { return }
                            let rows = (b * gatherBatch)..<min((b + 1) * gatherBatch, n)
                            for j in rows { out.value.initializeElement(at: j, to: v[Int(max(idx[j], 0))]) }
                            done.value[part] += rows.count
                        }
                    }
                }
            }
            let rowsDone = (0..<parts).reduce(0) { $0 + done.value[$1] }
            // One part: the rows done are the first ones, as many as were
            // written. Several (plain values only): all or nothing.
            initialized = parts == 1 || rowsDone == n ? rowsDone : 0
        }
        if out.count < n { throw .cancelled }
        return out
    }

    public func slice(_ range: Range<Int>) -> Column {
        let storage: Storage
        switch self.storage {
        case .int(let v): storage = .int(Array(v[range]))
        case .float(let v): storage = .float(Array(v[range]))
        case .bool(let v): storage = .bool(Array(v[range]))
        case .date(let v): storage = .date(Array(v[range]))
        case .string(let c, let d): storage = .string(codes: Array(c[range]), dictionary: d)
        case .geometry(let v): storage = .geometry(Array(v[range]))
        }
        return Column(storage, validity: validity?.slice(range))
    }

    /// The value of row `i` as a `Value` (for rendering and tests, not hot loops).
    public func value(at i: Int) -> Value {
        if isNull(i) { return .null }
        switch storage {
        case .int(let v): return .int(v[i])
        case .float(let v): return .float(v[i])
        case .bool(let v): return .bool(v[i])
        case .date(let v): return .date(v[i])
        case .string(let c, let d): return .string(d.values[Int(c[i])])
        case .geometry(let v): return .geometry(v[i])
        }
    }
}

extension Column {
    /// Like `gather`, but index -1 gives a null row (the right side of a left join).
    public func gatherOrNull(_ indices: [Int32]) -> Column {
        // Never cancelled, so never throws.
        (try? gatherOrNull(indices, cancel: .never)) ?? .nulls(type, count: indices.count)
    }

    /// `gatherOrNull` with a cancellation check every 64k rows.
    public func gatherOrNull(_ indices: [Int32], cancel: CancellationToken) throws(EngineError) -> Column {
        if count == 0 { return Column.nulls(type, count: indices.count) }
        var out = try gather(indices, cancel: cancel)
        if out.validity == nil, indices.contains(where: { $0 < 0 }) {
            // Null exactly where there is no row (the result's rows, not the source's).
            out.validity = Validity(indices.map { $0 >= 0 })
        }
        return out
    }

    /// Rows of `self` followed by rows of `other` (same type).
    public func appending(_ other: Column) -> Column? {
        let n = count, m = other.count
        let storage: Storage
        switch (self.storage, other.storage) {
        case (.int(let a), .int(let b)): storage = .int(a + b)
        case (.float(let a), .float(let b)): storage = .float(a + b)
        case (.bool(let a), .bool(let b)): storage = .bool(a + b)
        case (.date(let a), .date(let b)): storage = .date(a + b)
        case (.string(let ca, let da), .string(let cb, let db)):
            var builder = StringDictionaryBuilder(da.values)
            let remap = db.values.map { builder.code(for: $0) }
            storage = .string(codes: ca + cb.map { remap[Int($0)] }, dictionary: builder.build())
        default: return nil
        }
        var validity: Validity?
        if self.validity != nil || other.validity != nil {
            var v = Validity(count: 0, allValid: true)
            for i in 0..<n { v.append(!isNull(i)) }
            for i in 0..<m { v.append(!other.isNull(i)) }
            validity = v
        }
        return Column(storage, validity: validity)
    }
}
