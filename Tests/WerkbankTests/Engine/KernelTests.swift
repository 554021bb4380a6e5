import Testing
@testable import WerkbankEngine
@testable import WerkbankLanguage

/// The kernels' fast paths against their plain definitions.
@Suite struct KernelTests {
    /// A bool column from three-valued cells (nil = null).
    static func bools(_ cells: [Bool?]) -> Column {
        let values = cells.map { $0 ?? false }
        guard cells.contains(where: { $0 == nil }) else { return Column(.bool(values)) }
        return Column(.bool(values), validity: Validity(cells.map { $0 != nil }))
    }

    static func cells(_ c: Column) -> [Bool?] {
        guard case .bool(let v) = c.storage else { return [] }
        return v.indices.map { c.isNull($0) ? nil : v[$0] }
    }

    /// SQL's three-valued `and` / `or`, row by row.
    static func reference(_ a: Bool?, _ b: Bool?, isAnd: Bool) -> Bool? {
        let dominant = !isAnd
        if a == dominant || b == dominant { return dominant }
        if a == nil || b == nil { return nil }
        return !dominant
    }

    /// Lengths around the 64-row words of the validity bitmaps; nulls on
    /// neither, one or both sides.
    @Test func andOrFollowThreeValuedLogic() {
        var rng = SeededRandom(state: 11)
        for n in [0, 1, 63, 64, 65, 130, 200] {
            for nulls in 0..<4 {
                func side(_ withNulls: Bool) -> [Bool?] {
                    (0..<n).map { _ in
                        let r = rng.next() % 3
                        return r == 2 && withNulls ? nil : r == 1
                    }
                }
                let a = side(nulls & 1 != 0), b = side(nulls & 2 != 0)
                for isAnd in [true, false] {
                    let got = Self.cells(isAnd ? Logical.and(Self.bools(a), Self.bools(b)) : Logical.or(Self.bools(a), Self.bools(b)))
                    let want = (0..<n).map { Self.reference(a[$0], b[$0], isAnd: isAnd) }
                    #expect(got == want, "n \(n), nulls \(nulls), \(isAnd ? "and" : "or")")
                }
            }
        }
    }

    /// `where`'s flags (`Evaluator.holds`: and/or on bytes, null as false)
    /// are three-valued logic with null read as false, through chains of
    /// and/or and a `not` (which must not see null as false first); the
    /// count is the flags' count.
    @Test func whereFlagsAreThreeValuedLogicWithNullAsFalse() throws {
        var rng = SeededRandom(state: 12)
        for n in [0, 1, 63, 64, 65, 130, 200] {
            func side() -> [Bool?] {
                (0..<n).map { _ in
                    let r = rng.next() % 3
                    return r == 2 ? nil : r == 1
                }
            }
            let a = side(), b = side(), c = side()
            let table = Table([("a", Self.bools(a)), ("b", Self.bools(b)), ("c", Self.bools(c))])
            let col = { (i: Int) in BoundExpr.column(index: i, .bool) }
            // (a and b) or not c, and a or (b and c)
            let first = BoundExpr.logical(isAnd: false, .logical(isAnd: true, col(0), col(1)), .not(col(2)))
            let second = BoundExpr.logical(isAnd: false, col(0), .logical(isAnd: true, col(1), col(2)))
            func not(_ x: Bool?) -> Bool? { x.map { !$0 } }
            let wantFirst = (0..<n).map { Self.reference(Self.reference(a[$0], b[$0], isAnd: true), not(c[$0]), isAnd: false) == true }
            let wantSecond = (0..<n).map { Self.reference(a[$0], Self.reference(b[$0], c[$0], isAnd: true), isAnd: false) == true }
            #expect(try Evaluator.holds(first, table) == wantFirst, "n \(n)")
            #expect(try Evaluator.holds(second, table) == wantSecond, "n \(n)")
            #expect(Selection.countTrue(wantFirst) == wantFirst.filter { $0 }.count)
            var merged = [Bool](repeating: false, count: n)
            ConditionFlags.merge(Self.bools(a), into: &merged, .set)
            #expect(merged == a.map { $0 == true })
        }
    }

    static let ops: [ComparisonOperator] = [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual]

    /// `column op literal` equals the comparison with the literal broadcast
    /// to a column, for every type and operator, with nulls.
    @Test func comparingWithAValueEqualsComparingWithItsColumn() throws {
        let n = 70
        var validity = Validity(count: n, allValid: true)
        validity.clear(3)
        validity.clear(64)
        // The column's "e\u{301}" equals the literal "é" (other bytes, the same string).
        let words = ["Zuid-Holland", "zuid", "", "e\u{301}", "Utrecht", "Zeeland", "ë"]
        let dictionary = StringDictionary(words)
        let columns: [(Column, [Value])] = [
            (Column(.int((0..<n).map { Int64($0 % 7) - 3 }), validity: validity), [.int(0), .int(-3), .int(9)]),
            (Column(.float((0..<n).map { $0 == 5 ? .nan : Double($0 % 5) / 2 }), validity: validity), [.float(1), .float(-0.0), .float(.nan)]),
            (Column(.date((0..<n).map { Int32($0 % 4) }), validity: validity), [.date(2), .date(0)]),
            (
                Column(.string(codes: (0..<n).map { Int32($0 % words.count) }, dictionary: dictionary), validity: validity),
                [.string("Zuid-Holland"), .string("é"), .string(""), .string("Z"), .string("zz")]
            ),
        ]
        for (column, values) in columns {
            for value in values {
                for op in Self.ops {
                    let literal = Evaluator.constant(value, column.type, n)
                    let fast = try #require(Compare.apply(op, column, value))
                    #expect(Self.cells(fast) == Self.cells(try Compare.apply(op, column, literal)), "\(column.type) \(op.rawValue) \(value)")
                    // The literal on the left: `value op column` is `column flipped value`
                    // (and the column's spelling of a string counts, as on the right).
                    let flipped = try #require(Compare.apply(op.flipped, column, value))
                    #expect(
                        Self.cells(flipped) == Self.cells(try Compare.apply(op.flipped, column, literal)), "\(value) \(op.rawValue) \(column.type)")
                }
            }
        }
        // Types that differ are left to the broadcast path.
        #expect(Compare.apply(.equal, columns[0].0, .string("1")) == nil)
    }

    /// `where`'s flags written straight from a comparison with a literal
    /// (`ConditionFlags`) are the broadcast comparison's values with null as
    /// false, set into or merged with and/or into earlier flags: for every
    /// type and operator, a string that one dictionary entry alone holds or
    /// fails, and sizes that end inside a block, a validity word and eight
    /// rows, up to one whose blocks run on two cores.
    @Test func conditionFlagsAreTheComparisonWithNullAsFalse() throws {
        var rng = SeededRandom(state: 21)
        let words = ["Zuid-Holland", "Utrecht", "Zeeland", "e\u{301}", "é"]
        for n in [0, 5, 64, 71, 4096, 4103, 140_001] {
            var validity = Validity(count: n, allValid: true)
            for i in 0..<n where rng.next() % 5 == 0 { validity.clear(i) }
            let random = (0..<n).map { _ in rng.next() }
            let columns: [(Column, [Value])] = [
                (Column(.int(random.map { Int64($0 % 7) - 3 }), validity: validity), [.int(0), .int(9)]),
                (Column(.float(random.map { $0 % 11 == 0 ? .nan : Double($0 % 5) / 2 })), [.float(1), .float(.nan)]),
                (Column(.date(random.map { Int32($0 % 4) }), validity: validity), [.date(2)]),
                (
                    Column(.string(codes: random.map { Int32($0 % 5) }, dictionary: StringDictionary(words)), validity: validity),
                    [.string("Utrecht"), .string("é"), .string("Z")]
                ),
            ]
            let earlier = (0..<n).map { _ in rng.next() % 2 == 0 }
            for (column, values) in columns {
                for value in values {
                    for op in Self.ops {
                        let broadcast = try Compare.apply(op, column, Evaluator.constant(value, column.type, n))
                        let want = Self.cells(broadcast).map { $0 == true }
                        for how in [FlagMerge.set, .and, .or] {
                            var flags = how == .set ? [Bool](repeating: false, count: n) : earlier
                            #expect(ConditionFlags.compare(op, column, value, into: &flags, how))
                            let expected: [Bool] =
                                switch how {
                                case .set: want
                                case .and: zip(earlier, want).map { $0 && $1 }
                                case .or: zip(earlier, want).map { $0 || $1 }
                                }
                            #expect(flags == expected, "n \(n): \(column.type) \(op.rawValue) \(value), \(how)")
                        }
                    }
                }
            }
        }
        var untouched = [true]
        #expect(!ConditionFlags.compare(.equal, Column(.int([1])), .string("1"), into: &untouched, .set))
    }

    /// Keeping ascending rows in place gives what a gather through them
    /// gives, values and nulls, for every storage; a column whose values
    /// another column shares leaves that one as it was.
    @Test func keepingRowsInPlaceEqualsGatheringThem() throws {
        let n = 200
        var validity = Validity(count: n, allValid: true)
        for i in stride(from: 3, to: n, by: 7) { validity.clear(i) }
        let columns = [
            Column(.int((0..<n).map { Int64($0) * 3 }), validity: validity),
            Column(.float((0..<n).map { Double($0) / 4 })),
            Column(.bool((0..<n).map { $0 % 3 == 0 }), validity: validity),
            Column(.date((0..<n).map { Int32($0) - 100 })),
            Column(.string(codes: (0..<n).map { Int32($0 % 4) }, dictionary: StringDictionary(["a", "b", "c", "d"])), validity: validity),
            Column(.geometry((0..<n).map { Geometry(kind: .point, parts: [[[Geometry.Position(Double($0), 1)]]]) })),
        ]
        for rows in [[], [0], Array(0..<Int32(n)), (0..<Int32(n)).filter { $0 % 3 != 1 }, [Int32(n - 1)]] as [[Int32]] {
            for column in columns {
                let before = (0..<n).map { column.value(at: $0) }
                var kept = column
                try kept.keepRows(ascending: rows, cancel: .never)
                let gathered = column.gather(rows)
                #expect(kept.count == rows.count)
                #expect(kept.validity == gathered.validity, "\(column.type), \(rows.count) rows")
                #expect(
                    (0..<rows.count).map { kept.value(at: $0) } == (0..<rows.count).map { gathered.value(at: $0) },
                    "\(column.type), \(rows.count) rows")
                // `column` shared its values with `kept`: they are as before.
                #expect((0..<n).map { column.value(at: $0) } == before)
            }
        }
    }

    /// A gather over enough rows to be spread over the cores reads every
    /// row as `values[indices[j]]` says (negative: row 0), and a cancelled
    /// one throws instead of returning part of a result.
    @Test func aParallelGatherReadsEveryRowAndStopsWhenCancelled() throws {
        let n = 300_000
        let values = (0..<1000).map { Int64($0) * 7 }
        let indices: [Int32] = (0..<n).map { (j: Int) -> Int32 in
            j % 50_000 == 0 ? -1 : Int32((j * 7919) % 1000)
        }
        let picked = try Column.pick(values, indices, cancel: .never)
        #expect(picked == indices.map { values[Int(max($0, 0))] })
        let cancelled = CancellationToken()
        cancelled.cancel()
        #expect(throws: EngineError.cancelled) { try Column.pick(values, indices, cancel: cancelled) }
        let shapes = (0..<10).map { Geometry(kind: .point, parts: [[[Geometry.Position(Double($0), 0)]]]) }
        #expect(throws: EngineError.cancelled) { try Column.pick(shapes, indices, cancel: cancelled) }
    }

    /// `top k` over enough rows for each core to keep its own best k is
    /// still the prefix of the stable sort: ties (few distinct values) and
    /// nulls spread over both shares.
    @Test func aTopOverSharesIsThePrefixOfTheSort() {
        var rng = SeededRandom(state: 9)
        let n = 300_000
        var validity = Validity(count: n, allValid: true)
        for i in 0..<n where rng.next() % 11 == 0 { validity.clear(i) }
        let ints = Column(.int((0..<n).map { _ in Int64(rng.next() % 50) }), validity: validity)
        for descending in [false, true] {
            let keys = [SortKey(ints, descending: descending)]
            let sorted = Sorting.permutation(keys, rowCount: n)
            #expect(Sorting.top(25, keys, rowCount: n) == Array(sorted.prefix(25)), "descending \(descending)")
        }
    }

    /// `top k` is the first k rows of the stable sort, whatever the ties,
    /// NaNs and nulls (its heap passes most rows over on the first key).
    @Test func topIsThePrefixOfTheSort() {
        var rng = SeededRandom(state: 5)
        for n in [1, 10, 64, 300] {
            var validity = Validity(count: n, allValid: true)
            for i in 0..<n where rng.next() % 7 == 0 { validity.clear(i) }
            let ints = Column(.int((0..<n).map { _ in Int64(rng.next() % 5) }), validity: validity)
            let floats = Column(.float((0..<n).map { _ in rng.next() % 9 == 0 ? .nan : Double(rng.next() % 4) / 2 }))
            let codes = Column(.string(codes: (0..<n).map { _ in Int32(rng.next() % 3) }, dictionary: StringDictionary(["b", "a", "c"])))
            for keys in [[ints], [floats], [codes], [ints, floats], [floats, ints]] {
                for descending in [false, true] {
                    let sortKeys = keys.enumerated().map { SortKey($0.element, descending: descending != ($0.offset == 1)) }
                    let sorted = Sorting.permutation(sortKeys, rowCount: n)
                    for k in [1, 3, n - 1, n, n + 2] where k > 0 {
                        #expect(Sorting.top(k, sortKeys, rowCount: n) == Array(sorted.prefix(k)), "n \(n) k \(k) desc \(descending)")
                    }
                }
            }
        }
    }

    /// `%` by -1 is 0 for every int, Int64.min included (only `//` overflows).
    @Test func remainderByMinusOneNeverOverflows() throws {
        let a = Column(.int([.min, .max, -7, 0, 7])), b = Column(.int([-1, -1, -1, -1, -1]))
        let r = try Arithmetic.apply(.modulo, a, b, label: "r")
        #expect(r.value(at: 0) == .int(0) && r.value(at: 1) == .int(0) && r.value(at: 2) == .int(0))
        #expect(throws: EngineError.self) { try Arithmetic.apply(.integerDivide, a, b, label: "q") }
        let q = try Arithmetic.apply(.modulo, Column(.int([-7, 7])), Column(.int([2, -2])), label: "m")
        #expect(q.value(at: 0) == .int(-1) && q.value(at: 1) == .int(1))
    }
}
