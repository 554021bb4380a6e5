import WerkbankEngine

/// `sample N [seed=S]`: N random rows, deterministic for a seed, in input order.
struct SampleStage: Stage {
    let count: Int
    let seed: UInt64

    static let help = StageHelp(
        name: "sample", syntax: "sample N [seed=S]",
        summary: "N random rows (all rows if N is larger), deterministic for a seed (default 42), in input order",
        details: "",
        options: [OptionDeclaration("seed", .integer(0...Int.max), "the seed of the random choice (default 42)")],
        examples: [Example("cases | sample 3 seed=7 | select name", "name\nKeilewerf I-II\nDe Kroon\nHillevliet\n")])

    static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> SampleStage {
        let (n, span) = try p.parseInteger("a number of rows")
        guard n >= 0 else { throw Diagnostic("sample needs a number of rows ≥ 0, got \(n)", at: span) }
        var seed: UInt64 = 42
        for option in try p.parseOptions(help.options) {
            try help.options.check(option, of: "sample")
            seed = UInt64(option.value.text) ?? seed
        }
        return SampleStage(count: n, seed: seed)
    }

    func neededInput(_ downstream: Set<String>?) -> Set<String>? { downstream }

    func bind(_ input: Schema, _ ctx: BindContext) throws(Diagnostic) -> BoundStage {
        let n = count, seed = seed
        return BoundStage(output: input) { table, ctx throws(EngineError) in
            // The picked rows, the swaps recorded on the way (a dictionary
            // entry per pick), then a copy of those rows.
            try MemoryBudget.checkResult(rows: min(n, table.rowCount), bytesPerRow: MemoryBudget.bytesPerRow(table.fields.map(\.type)) + 64,
                                         what: "the sample", hint: "take a smaller sample")
            try ctx.cancel.check()
            return try table.gather(Self.pick(n, of: table.rowCount, seed: seed), cancel: ctx.cancel)
        }
    }

    /// A partial Fisher–Yates shuffle with SplitMix64, then sorted back into input order.
    static func pick(_ k: Int, of n: Int, seed: UInt64) -> [Int32] {
        if k >= n { return (0..<Int32(truncatingIfNeeded: n)).map { $0 } }
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        // Swaps recorded sparsely so a small sample of a big table costs O(k).
        var swapped: [Int: Int] = [:]
        var out: [Int32] = []
        out.reserveCapacity(k)
        for i in 0..<k {
            let j = i + Int(next() % UInt64(n - i))
            let vj = swapped[j] ?? j
            let vi = swapped[i] ?? i
            swapped[j] = vi
            out.append(Int32(truncatingIfNeeded: vj))
        }
        return out.sorted()
    }
}
