/// A line diff (Myers' O(ND) algorithm) and its unified form, as `diff -u` prints it.
public enum LineDiff {
    public enum Edit: Equatable, Sendable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// The shortest edit script from `a` to `b`. Common lines at both ends
    /// are matched first; when the middle would need too much memory, it is
    /// shown as removed then added.
    public static func diff(_ a: [String], _ b: [String]) -> [Edit] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
            a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
        { suffix += 1 }
        let x = Array(a[prefix..<(a.count - suffix)])
        let y = Array(b[prefix..<(b.count - suffix)])
        var edits = a[..<prefix].map { Edit.same($0) }
        edits += myers(x, y) ?? (x.map { .removed($0) } + y.map { .added($0) })
        edits += a[(a.count - suffix)...].map { .same($0) }
        return edits
    }

    /// nil when the trace would exceed the memory budget.
    static func myers(_ a: [String], _ b: [String]) -> [Edit]? {
        let n = a.count, m = b.count
        if n == 0 { return b.map { .added($0) } }
        if m == 0 { return a.map { .removed($0) } }
        let maxD = n + m
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        var trace: [[Int]] = []
        var budget = 20_000_000
        var found = -1
        outer: for d in 0...maxD {
            budget -= v.count
            if budget < 0 { return nil }
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m {
                    found = d
                    break outer
                }
            }
        }
        guard found >= 0 else { return nil }
        var edits: [Edit] = []
        var x = n, y = m
        for d in stride(from: found, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let prevK = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? k + 1 : k - 1
            let prevX = v[offset + prevK]
            let prevY = prevX - prevK
            while x > prevX, y > prevY {
                edits.append(.same(a[x - 1]))
                x -= 1
                y -= 1
            }
            if d > 0 {
                if x == prevX {
                    edits.append(.added(b[y - 1]))
                } else {
                    edits.append(.removed(a[x - 1]))
                }
            }
            x = prevX
            y = prevY
        }
        return edits.reversed()
    }

    /// The unified diff of `a` and `b` with `context` lines around each
    /// change; "" when they are equal.
    public static func unified(_ a: [String], _ b: [String], from: String, to: String, context: Int = 3) -> String {
        let edits = diff(a, b)
        guard edits.contains(where: { if case .same = $0 { false } else { true } }) else { return "" }
        var out = "--- \(from)\n+++ \(to)\n"
        // Positions of the changes, grouped into hunks whose contexts touch.
        let changed = edits.indices.filter { if case .same = edits[$0] { false } else { true } }
        var groups: [(Int, Int)] = []
        for i in changed {
            let lo = max(0, i - context), hi = min(edits.count - 1, i + context)
            if let last = groups.last, lo <= last.1 + 1 {
                groups[groups.count - 1].1 = hi
            } else {
                groups.append((lo, hi))
            }
        }
        for (lo, hi) in groups {
            // Line numbers in a and b at the hunk's start.
            var aLine = 0, bLine = 0
            for e in edits[..<lo] {
                switch e {
                case .same: aLine += 1; bLine += 1
                case .removed: aLine += 1
                case .added: bLine += 1
                }
            }
            var aCount = 0, bCount = 0
            var body = ""
            for e in edits[lo...hi] {
                switch e {
                case .same(let s): aCount += 1; bCount += 1; body += " " + s + "\n"
                case .removed(let s): aCount += 1; body += "-" + s + "\n"
                case .added(let s): bCount += 1; body += "+" + s + "\n"
                }
            }
            out += "@@ -\(range(aLine, aCount)) +\(range(bLine, bCount)) @@\n" + body
        }
        return out
    }

    static func range(_ start: Int, _ count: Int) -> String {
        switch count {
        case 0: return "\(start),0"
        case 1: return "\(start + 1)"
        default: return "\(start + 1),\(count)"
        }
    }
}
