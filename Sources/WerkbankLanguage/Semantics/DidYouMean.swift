/// Suggests the closest known name for a misspelt one.
public enum DidYouMean {
    public static func suggest(_ name: String, among candidates: some Sequence<String>) -> String? {
        let lower = name.lowercased()
        var best: (String, Int)?
        for c in candidates {
            let d = distance(lower, c.lowercased())
            let limit = max(1, min(3, c.count / 3 + 1))
            if d <= limit, d < best?.1 ?? Int.max { best = (c, d) }
        }
        return best?.0
    }

    public static func hint(_ name: String, among candidates: some Sequence<String>) -> String? {
        suggest(name, among: candidates).map { "did you mean \"\($0)\"?" }
    }

    /// Levenshtein distance with one rolling row; bounded input so it stays cheap.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars.prefix(64)), b = Array(b.unicodeScalars.prefix(64))
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let saved = row[j]
                row[j] = a[i - 1] == b[j - 1] ? previous : 1 + min(previous, row[j], row[j - 1])
                previous = saved
            }
        }
        return row[b.count]
    }
}
