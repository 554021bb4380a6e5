import Foundation
import Testing
@testable import WerkbankEngine
@testable import WerkbankReaders

/// The load progress bar: what it draws, that a fast load draws nothing, and
/// that it is off unless the front end turns it on.
@Suite(.serialized) struct ProgressFormatTests {
    final class Sink: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ s: String) { lock.lock(); text += s; lock.unlock() }
        var value: String { lock.lock(); defer { lock.unlock() }; return text }
    }

    @Test func rendersBytesOfTotalAndRate() {
        let p = LoadProgress(label: "kerncijfers.csv", total: 200_000_000, delay: 0.5) { _ in }
        var s = LoadProgress.State()
        s.done = 50_000_000
        #expect(p.render(s, seconds: 0.5) == "kerncijfers.csv  ██████░░░░░░░░░░░░░░░░░░  50.0 MB / 200 MB  100 MB/s")
        s.phase = "parsing"
        #expect(p.render(s, seconds: 2.26) == "kerncijfers.csv  parsing 200 MB…  2.3 s")
        #expect(NumberText.bytes(999) == "999 B")
        #expect(NumberText.bytes(1_500_000_000) == "1.5 GB")
    }

    @Test func aFastLoadDrawsNothing() {
        let sink = Sink()
        let p = LoadProgress(label: "x.csv", total: 10, delay: 0.5) { sink.append($0) }
        p.advance(to: 10)
        p.finish()
        Thread.sleep(forTimeInterval: 0.2)
        #expect(sink.value.isEmpty)
    }

    @Test func aSlowLoadDrawsThenErases() throws {
        let sink = Sink()
        let p = LoadProgress(label: "x.csv", total: 100, delay: 0, write: { sink.append($0) })
        p.run()
        p.advance(to: 40)
        Thread.sleep(forTimeInterval: 0.35)
        p.finish()
        let out = sink.value
        #expect(out.contains("x.csv  █████████░░░░░░░░░░░░░░░  40 B / 100 B"), "\(out)")
        #expect(out.hasSuffix("\r\u{1B}[2K"))
    }

    @Test func offUnlessEnabled() throws {
        #expect(LoadProgress.isEnabled == false)
        #expect(LoadProgress.start(label: "x", total: 1) == nil)
    }
}
