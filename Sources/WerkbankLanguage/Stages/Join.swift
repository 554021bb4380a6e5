import WerkbankEngine

/// `join [inner|left|anti] SOURCE on KEY, ...` or `on left_col = right_col`.
struct JoinStage: Stage {
    let kind: JoinKind
    let source: String
    let sourceSpan: SourceSpan
    let keys: [(left: String, leftSpan: SourceSpan, right: String, rightSpan: SourceSpan)]

    static let help = StageHelp(
        name: "join", syntax: "join [inner|left|anti] SOURCE on KEY, ... | on left_col = right_col",
        summary: "hash join with a table; keeps the left row order",
        details: """
            inner keeps matching rows, left keeps every left row (right columns null where nothing matches), anti keeps
            left rows without a match. Null keys never match. A key written once (on id) must exist on both sides and is
            kept once; right-side columns whose names clash get the suffix _SOURCE.
            """,
        examples: [
            Example(
                "cases | join collectives on operator = id | select name, name_collectives, form",
                "name,name_collectives,form\nKeilepand,Keilecollectief,owner collective\nKeilewerf I-II,Placebased & Co,operator\nDe Kroon,Placebased & Co,operator\nHillevliet,Placebased & Co,operator\nWerkspoorkwartier,Werkspoorkwartier,area organisation\nHof van Cartesius,Het Hof van Cartesius Coöperatie U.A.,cooperative\nDuCoop,DuCoop,cooperative\n"
            ),
            Example(
                "collectives | join anti cases on id = operator | select name, form",
                "name,form\nBedrijvenkring Cartesiusweg (BKC),business association\nStichting Land van Cartesius,foundation\nECO-team (Spoorzone Zwolle),area organisation\nA-Lab,breeding place\nZOHO,breeding place\nDe Wasserij,breeding place\n"
            ),
        ])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> JoinStage {
        var kind = JoinKind.inner
        p.expecting(.keywords(JoinKind.allCases.map(\.rawValue)))
        // A kind word is the kind when a table name or the end of the line
        // follows; followed by `on` it is a table's name (`join left on id`).
        let next = p.peek()
        let kindFollowed = (next.kind == .identifier && !next.isKeyword("on")) || next.kind == .quotedIdentifier || next.kind == .end
        for k in JoinKind.allCases where p.current.isKeyword(k.rawValue) && kindFollowed {
            kind = k
            p.advance()
            break
        }
        let (source, sourceSpan) = try p.parseName("a table to join with", .table)
        try p.expectKeyword("on")
        let keys = try p.parseList { (p: inout Parser) throws(Diagnostic) in
            var both = p.columnScope
            both.tables = [source]
            let (l, ls) = try p.parseName("a key column", .other(.columns(both)))
            if p.accept(.assign) || p.accept(.equal) {
                let (r, rs) = try p.parseName("the right key column", .other(.columns(ColumnScope(inputEnd: nil, tables: [source]))))
                return (left: l, leftSpan: ls, right: r, rightSpan: rs)
            }
            return (left: l, leftSpan: ls, right: l, rightSpan: ls)
        }
        return JoinStage(kind: kind, source: source, sourceSpan: sourceSpan, keys: keys)
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? {
        downstream?.union(keys.map(\.left))
    }

    /// What a clashing right column is suffixed with: the table's own name
    /// (a connection's `pg.panden` gives `_panden`).
    var suffix: String { source.split(separator: ".").last.map(String.init) ?? source }

    /// Besides the keys, a left column named like a right column stays: its
    /// presence gives the right column its suffix, so leaving it out would
    /// rename a column a later stage reads (`name_collectives`).
    func neededInput(_ downstream: Set<String>?, _ ctx: BindContext) -> Set<String>? {
        guard var needed = neededInput(downstream) else { return nil }
        guard kind != .anti, let right = try? ctx.table(source, sourceSpan) else { return needed }
        for name in right.names {
            needed.insert(name)
            needed.insert(name + "_" + suffix)
            for k in 2...9 { needed.insert("\(name)_\(suffix)_\(k)") }
        }
        return needed
    }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let right = try ctx.table(source, sourceSpan)
        let leftBinder = ctx.binder(input), rightBinder = ctx.binder(right.fields)
        var leftKeys: [Int] = [], rightKeys: [Int] = []
        for k in keys {
            let li = try leftBinder.columnIndex(k.left, k.leftSpan)
            let ri: Int
            do { ri = try rightBinder.columnIndex(k.right, k.rightSpan) } catch {
                throw Diagnostic("\(source) has no column \"\(k.right)\"", at: k.rightSpan, hint: error.hint)
            }
            let lt = input[li].type, rt = right.fields[ri].type
            if lt == .geometry || rt == .geometry {
                throw Diagnostic("cannot join on shapes", at: k.leftSpan.union(k.rightSpan), hint: "join on a code or name, e.g. statcode")
            }
            guard lt == rt || (lt.isNumeric && rt.isNumeric) else {
                throw Diagnostic(
                    "cannot join \(lt.rawValue) \"\(k.left)\" with \(rt.rawValue) \"\(k.right)\"",
                    at: k.leftSpan.union(k.rightSpan), hint: "convert one side with derive first")
            }
            leftKeys.append(li)
            rightKeys.append(ri)
        }
        // Right columns kept: all but keys written once (they equal the left key).
        // Their names clash with the full input's, not the pruned one's.
        let sharedKeys = Set(keys.filter { $0.left == $0.right }.map(\.right))
        let rightKept = kind == .anti ? [] : right.fields.indices.filter { !sharedKeys.contains(right.fields[$0].name) }
        var used = Set((ctx.fullInput ?? input).map(\.name))
        var rightNames: [String] = []
        for i in rightKept {
            var name = right.fields[i].name
            if used.contains(name) { name += "_" + suffix }
            var k = 2
            let base = name
            while used.contains(name) { name = "\(base)_\(k)"; k += 1 }
            used.insert(name)
            rightNames.append(name)
        }
        // Only the columns a later stage reads are gathered; none at all for
        // `… | count`, which then never builds the row pairs.
        let wanted = ctx.neededOutput
        let leftOut = input.indices.filter { wanted?.contains(input[$0].name) ?? true }
        let rightOut = rightKept.indices.filter { wanted?.contains(rightNames[$0]) ?? true }
        let output = leftOut.map { input[$0] } + rightOut.map { Field(rightNames[$0], right.fields[rightKept[$0]].type) }
        let rightColumns = rightOut.map { rightKept[$0] }
        let kind = self.kind, source = self.source
        return BoundStage(output: output) { [leftKeys, rightKeys, output] table, ctx throws(EngineError) in
            func keyColumns(_ columns: [Column], _ idx: [Int], other: [Column], _ otherIdx: [Int]) -> [Column] {
                zip(idx, otherIdx).map { i, j in
                    let c = columns[i]
                    return c.type == .int && other[j].type == .float ? Arithmetic.toFloat(c) : c
                }
            }
            // The input's columns, owned here: each is let go of once it is
            // no longer needed, so that the result is not built beside the
            // whole input.
            let inputRows = table.rowCount
            var left = (consume table).columns
            // Let go of (set to nil) as soon as both sides' rows are known.
            var index: JoinIndex? = try JoinIndex(
                left: keyColumns(left, leftKeys, other: right.columns, rightKeys),
                right: keyColumns(right.columns, rightKeys, other: left, leftKeys), cancel: ctx.cancel)
            for i in leftKeys where !leftOut.contains(i) { left[i] = Column(.bool([])) }
            let hint = "join on more keys, filter the tables first (where …), or count the matches: … | join \(source) on … | count"
            let bytesPerRow = output.isEmpty ? 0 : MemoryBudget.bytesPerRow(output.map(\.type))
            // A lookup join (no right key repeats) is sized by the left rows,
            // saving a pass; otherwise, or when that bound does not fit, the
            // rows are counted from the hash table.
            var bound: Int
            if !output.isEmpty, let b = index!.rowBoundWithoutCounting,
                (try? MemoryBudget.checkResult(rows: b, bytesPerRow: bytesPerRow, what: "the join", hint: hint)) != nil
            {
                bound = b
            } else {
                bound = try index!.resultRows(kind, cancel: ctx.cancel)
                try MemoryBudget.checkResult(rows: bound, bytesPerRow: bytesPerRow, what: "the join", hint: hint)
            }
            if output.isEmpty { return Table(fields: [], columns: [], rowCount: bound) }
            // What is held at once depends on the order. When no left row
            // meets two right rows, the left columns keep their rows in
            // place (no memory), so they go first and their row numbers are
            // gone before the right ones are made. Otherwise both sides' row
            // numbers are made, the right columns gathered and their row
            // numbers freed before the (usually wider) left columns are.
            let inPlace = index!.leftRowsAscend(kind)
            var leftRows = try index!.leftRows(kind, rows: bound, cancel: ctx.cancel)
            let rows = leftRows?.count ?? inputRows
            var columns: [Column] = []
            func gatherLeft() throws(EngineError) {
                for i in leftOut {
                    try ctx.cancel.check()
                    // Taken out of `left` first, so that when nothing else
                    // holds it the kept rows are moved down in place.
                    var column = left[i]
                    left[i] = Column(.bool([]))
                    if let leftRows {
                        if inPlace {
                            try column.keepRows(ascending: leftRows, cancel: ctx.cancel)
                        } else {
                            column = try column.gather(leftRows, cancel: ctx.cancel)
                        }
                    }
                    columns.append(column)
                }
                leftRows = nil
            }
            if inPlace { try gatherLeft() }
            // `bound` slots, not `rows`: a lookup join writes a slot for every
            // left row and counts only the matched ones (`JoinIndex.rightRows`).
            var rightRows = try index!.rightRows(kind, rows: bound, cancel: ctx.cancel)
            index = nil
            var rightGathered: [Column] = []
            for i in rightColumns {
                try ctx.cancel.check()
                rightGathered.append(try right.columns[i].gatherOrNull(rightRows, cancel: ctx.cancel))
            }
            rightRows = []
            if !inPlace { try gatherLeft() }
            columns += rightGathered
            return Table(fields: output, columns: columns, rowCount: rows)
        }
    }
}
