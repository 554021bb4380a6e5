import Foundation
import Testing
import WerkbankEngine
import WerkbankLanguage

/// Ctrl-C (the session's cancellation token, set from another thread) stops
/// a long statement within about a second, and the session goes on. The
/// bound is on a hang, not a benchmark: 1.5 s after the cancel.
@Suite(.serialized) struct CancellationTests {
    /// A session with `big` (n rows: k with `keys` values, v a float) and
    /// nothing else.
    static func session(rows n: Int, keys: Int) -> Harness {
        let h = Harness()
        var k = [Int64](repeating: 0, count: n), v = [Double](repeating: 0, count: n)
        var state: UInt64 = 7
        for i in 0..<n {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            k[i] = Int64((state >> 33) % UInt64(keys))
            v[i] = Double(state >> 11) / Double(1 << 53)
        }
        h.session.catalog.set("big", Table([("k", Column(.int(k))), ("v", Column(.float(v)))]), origin: .binding)
        return h
    }

    /// Runs `statement`, cancels it after 200 ms from this thread, and
    /// returns its outcome and the seconds from the cancel to the return.
    static func cancelled(_ h: Harness, _ statement: String) -> (Outcome?, Double) {
        nonisolated(unsafe) var outcome: Outcome?
        let done = DispatchSemaphore(value: 0)
        let session = h.session
        Thread.detachNewThread {
            outcome = session.run(statement).last
            done.signal()
        }
        usleep(200_000)
        let cancelledAt = DispatchTime.now()
        session.cancel.cancel()
        _ = done.wait(timeout: .now() + 60)
        return (outcome, Double(DispatchTime.now().uptimeNanoseconds - cancelledAt.uptimeNanoseconds) / 1e9)
    }

    static func expectCancelledInTime(_ h: Harness, _ statement: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let (outcome, seconds) = cancelled(h, statement)
        guard case .failure(let d)? = outcome?.result else {
            Issue.record("\(statement) was not cancelled (it finished within 200 ms, or never)", sourceLocation: sourceLocation)
            return
        }
        #expect(d.message == "cancelled", "\(statement): \(d.message)", sourceLocation: sourceLocation)
        #expect(seconds < 1.5, "\(statement) took \(seconds) s to stop after the cancel", sourceLocation: sourceLocation)
        // The session answers the next statement.
        #expect(h.csv("cases | count") == "count\n7\n", sourceLocation: sourceLocation)
    }

    @Test func aJoinStops() {
        // 12,000 × 12,000 rows on 4 keys: 36 million row pairs.
        Self.expectCancelledInTime(Self.session(rows: 12_000, keys: 4), "big | join big on k | summarize s = sum(v_big)")
    }

    @Test func aSummarizeStops() {
        Self.expectCancelledInTime(
            Self.session(rows: 6_000_000, keys: 3_000_000),
            "big | summarize n = count(), s = sum(v), m = median(v) by k | count")
    }

    @Test func aSortStops() {
        Self.expectCancelledInTime(Self.session(rows: 4_000_000, keys: 1_000_000), "big | sort v, k | take 1")
    }

    @Test func aDistinctStops() {
        Self.expectCancelledInTime(Self.session(rows: 8_000_000, keys: 4_000_000), "big | distinct k, v | count")
    }

    @Test func aCSVLoadStops() throws {
        let path = NSTemporaryDirectory() + "wb-cancel-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var text = "id,name,v,day\n"
        text.reserveCapacity(80 << 20)
        for i in 0..<1_500_000 { text += "\(i),name \(i % 977),\(Double(i) / 7),2024-01-\(10 + i % 18)\n" }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        Self.expectCancelledInTime(Harness(), "load \"\(path)\" as loaded")
    }
}
