// Fuzzes the XML scanner of the xlsx reader: any bytes give events or an
// error, never a crash; the events and the error do not depend on where
// the chunks of the decompressed part happen to end; every end event
// closes the element last started.
import FuzzSupport
@testable import WerkbankReaders

final class Events: XMLEventHandler {
    var lines: [String] = []
    var text = ""
    var open: [String] = []
    var stopped: Bool { false }

    func flush() {
        if !text.isEmpty { lines.append("text \(text)") }
        text = ""
    }
    func didStart(_ name: String, _ attributes: XMLAttributes) {
        flush()
        open.append(name)
        lines.append("start \(name) \(attributes.pairs.map { "\($0.name)=\($0.value)" })")
    }
    func didEnd(_ name: String) {
        flush()
        guard open.popLast() == name else { violated("</\(name)> does not close the element last started") }
        lines.append("end \(name)")
    }
    func characters(_ text: String) { self.text += text }
}

/// The events, or the error, of `input` fed in chunks of `chunk` bytes.
func scan(_ input: [UInt8], chunk: Int) -> [String] {
    let events = Events()
    var scanner = XMLScanner()
    var start = 0
    do throws(XMLScanner.Failure) {
        while start < input.count {
            let end = min(start + chunk, input.count)
            var failure: XMLScanner.Failure?
            input[start..<end].withUnsafeBytes { raw in
                do throws(XMLScanner.Failure) { try scanner.feed(raw, to: events) } catch { failure = error }
            }
            if let failure { throw failure }
            start = end
        }
        try scanner.finish(to: events)
    } catch {
        if error.message.isEmpty || error.line < 1 { violated("an error without a message or line: \(error)") }
        return events.lines + ["error \(error.message) line \(error.line)"]
    }
    events.flush()
    if !events.open.isEmpty { violated("the scan ended with <\(events.open.last ?? "")> open") }
    return events.lines
}

let target: FuzzTarget = { data, size in
    let input = bytes(data, size)
    guard let first = input.first else { return 0 }
    let document = Array(input.dropFirst())
    let whole = scan(document, chunk: max(document.count, 1))
    let chunked = scan(document, chunk: Int(first % 64) + 1)
    if whole != chunked {
        violated("chunks of \(Int(first % 64) + 1) bytes change the events:\n--- whole\n\(whole)\n--- chunked\n\(chunked)")
    }
    return 0
}

runFuzzer(target)
