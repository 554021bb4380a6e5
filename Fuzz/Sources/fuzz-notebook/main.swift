// Fuzzes the notebook parser (front matter, prose, fenced cells and their
// output blocks), and the rewrite that `run --update` does:
//
// - any bytes give a notebook or an error naming a line of the file;
// - a notebook rendered unchanged is the input, byte for byte;
// - with new outputs (some holding fences) and new dataset pins, the rewrite
//   parses again to the same cells with those outputs and pins.
@testable import WerkbankNotebook
import FuzzSupport
import WerkbankLanguage

/// Outputs to write into cells: plain, empty, and ones that hold fences.
let outputs = [
    "a\n", "", "x,y\n1,2\n", "```\n", "~~~\n````output\n", "  ```werkbank\ninside\n", "```output\n```\n", "trailing   \n\n\n",
    "\u{FEFF}---\nwerkbank: 1\n---\n",
]

let pins = [
    DatasetPin(kind: .table, name: "cases", sha256: String(repeating: "ab", count: 32)),
    DatasetPin(kind: .file, name: "data/\"odd\" name\\\t.csv", sha256: String(repeating: "0", count: 64)),
    DatasetPin(kind: .table, name: "with space:#", sha256: String(repeating: "f", count: 64)),
]

func lineCount(_ input: [UInt8]) -> Int { 1 + input.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }

let target: FuzzTarget = { data, size in
    let input = bytes(data, size)
    let doc: NotebookDocument
    do throws(NotebookError) {
        doc = try NotebookDocument.parse(bytes: input)
    } catch {
        if error.message.isEmpty { violated("an empty error message") }
        if let line = error.line, line < 1 || line > lineCount(input) {
            violated("the error names line \(line) of a file of \(lineCount(input)) lines: \(error)")
        }
        return 0
    }

    // Unchanged, it is the same bytes.
    let same = doc.rendered()
    if Array(same.utf8) != input {
        violated("rendering an unchanged notebook changed it:\n--- read\n\(String(decoding: input, as: UTF8.self))\n--- written\n\(same)")
    }

    // New outputs and pins: the rewrite reads back as what was written.
    var newOutputs: [Int: String] = [:]
    for i in doc.cells.indices where (size + i) % 3 != 0 { newOutputs[i] = outputs[(size + 7 * i) % outputs.count] }
    var fm = doc.frontMatter
    fm.datasets = Array(pins.prefix(size % (pins.count + 1)))
    let text = doc.rendered(outputs: newOutputs, frontMatter: fm)
    let again: NotebookDocument
    do {
        again = try NotebookDocument.parse(text)
    } catch {
        violated("the rewritten notebook does not parse: \(error)\n--- rewritten\n\(text)")
    }
    if again.cells.count != doc.cells.count {
        violated("\(doc.cells.count) cells became \(again.cells.count)\n--- rewritten\n\(text)")
    }
    for (old, new) in zip(doc.cells, again.cells) {
        let i = old.number - 1
        if old.code != new.code { violated("cell \(old.number)'s code changed\n--- rewritten\n\(text)") }
        if old.prose != new.prose { violated("the prose before cell \(old.number) changed\n--- rewritten\n\(text)") }
        let expected =
            newOutputs[i].map { OutputComparison.lines($0).map(String.init) }
            ?? old.recordedOutput.map { OutputComparison.lines($0).map(String.init) }
        let got = new.recordedOutput.map { OutputComparison.lines($0).map(String.init) }
        if (expected ?? []) != (got ?? []) {
            violated("cell \(old.number)'s output should be \(expected ?? []), reads back as \(got ?? [])\n--- rewritten\n\(text)")
        }
    }
    if again.trailingProse != doc.trailingProse { violated("the prose after the last cell changed\n--- rewritten\n\(text)") }
    if again.frontMatter.datasets != fm.datasets || again.frontMatter.title != fm.title {
        violated("the front matter reads back as \(again.frontMatter), not \(fm)\n--- rewritten\n\(text)")
    }
    return 0
}

runFuzzer(target)
