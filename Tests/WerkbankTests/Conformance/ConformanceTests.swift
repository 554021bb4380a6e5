import Foundation
import Testing
import WerkbankEngine
import WerkbankLanguage
import WerkbankRender

/// Runs the conformance corpus (Tests/Conformance/*.test): each case's
/// pipeline in a fresh session holding only the file's input tables; the
/// result, rendered as CSV with `name:type` headers, must equal the expected
/// block byte for byte. Expected outputs come from DuckDB or the spec, never
/// from werkbank (see Tests/Conformance/README.md).
///
/// Cases listed in known-failures.txt are bugs being fixed elsewhere: they
/// must still fail, and one that passes fails the test until it is removed
/// from the list, so the list only shrinks.
@Suite struct ConformanceTests {
    @Test(arguments: ConformanceCorpus.fileNames)
    func corpusFile(_ file: String) throws {
        let corpus: ConformanceCorpus
        do { corpus = try ConformanceCorpus.load(file) } catch {
            Issue.record("\(error)")
            return
        }
        let known = KnownFailures.load()
        for c in corpus.cases {
            let problem = Self.check(c, corpus.tables)
            let where_ = "\(c.file):\(c.line) \(c.name) (source \(c.source))"
            switch (problem, known.reasons[c.name]) {
            case (nil, nil): break
            case (let p?, nil): Issue.record("\(where_)\n\(p)")
            case (nil, _?): Issue.record("\(where_) passes now: remove it from Tests/Conformance/known-failures.txt")
            case (_?, _?): break
            }
        }
    }

    /// The corpus covers what issue 14 asks: at least 400 cases, names unique
    /// across files, every known failure a real case.
    @Test func corpusShape() throws {
        var names: [String: String] = [:]
        for file in ConformanceCorpus.fileNames {
            let corpus = try ConformanceCorpus.load(file)
            for c in corpus.cases {
                #expect(names[c.name] == nil, "case \(c.name) is in \(names[c.name] ?? "") and \(file)")
                names[c.name] = file
            }
        }
        #expect(names.count >= 400, "the corpus has \(names.count) cases")
        for name in KnownFailures.load().reasons.keys.sorted() {
            #expect(names[name] != nil, "known-failures.txt names \(name), which is no case")
        }
    }

    /// nil when the case passes, else what went wrong.
    static func check(_ c: ConformanceCorpus.Case, _ tables: [ConformanceCorpus.InputTable]) -> String? {
        let catalog = Catalog()
        for t in tables { catalog.set(t.name, t.table, origin: .binding) }
        // Paths in a pipeline (`load "data/x.csv"`) are relative to the corpus folder.
        let session = Session(catalog: catalog, baseDirectory: ConformanceCorpus.directory, allowWrite: false)
        let outcomes = session.run(c.pipeline)
        let failure = outcomes.lazy.compactMap { o -> Diagnostic? in
            if case .failure(let d) = o.result { return d } else { return nil }
        }.first
        let actual: String
        if let failure {
            actual = "error: \(failure.message)" + (failure.hint.map { " (hint: \($0))" } ?? "")
        } else if case .success(.table(let table, _))? = outcomes.last?.result {
            actual = typedCSV(table)
        } else {
            actual = "(no table)"
        }
        let expectedText: String
        switch c.expected {
        case .missing:
            return "no expected output: run Tests/Conformance/generate.py"
        case .error(let substring):
            if failure != nil, actual.lowercased().contains(substring.lowercased()) { return nil }
            expectedText = "an error containing \"\(substring)\""
        case .table(let text):
            // Bytes, not String ==: canonically equivalent strings must differ.
            if failure == nil, Array(actual.utf8) == Array(text.utf8) { return nil }
            expectedText = text
        }
        return "pipeline:\n\(c.pipeline)\nexpected:\n\(expectedText)\nactual:\n\(actual)" + byteNote(expectedText, actual)
    }

    /// When two outputs look alike, the first line whose bytes differ with
    /// non-ASCII scalars spelled out (`é` vs `e\u{301}` is invisible otherwise).
    static func byteNote(_ expected: String, _ actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, (x, y)) in zip(a, b).enumerated() where !x.utf8.elementsEqual(y.utf8) {
            func spelled(_ s: Substring) -> String {
                s.unicodeScalars.map { $0.isASCII ? String($0) : "\\u{\(String($0.value, radix: 16))}" }.joined()
            }
            return "\nfirst difference, line \(i + 1):\n  expected \(spelled(x))\n  actual   \(spelled(y))"
        }
        return ""
    }

    /// CSV as werkbank writes it, each header field `name:type`.
    static func typedCSV(_ table: Table) -> String {
        var typed = table
        for (i, f) in table.fields.enumerated() { typed.rename(at: i, to: "\(f.name):\(f.type.rawValue)") }
        return CSVWriter.render(typed)
    }
}

/// Tests/Conformance/known-failures.txt: `case_name: why it fails`, one a line.
struct KnownFailures {
    var reasons: [String: String] = [:]

    static func load() -> KnownFailures {
        var k = KnownFailures()
        guard let text = try? String(contentsOfFile: ConformanceCorpus.directory + "/known-failures.txt", encoding: .utf8) else { return k }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: ":", maxSplits: 1)
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { k.reasons[name] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "" }
        }
        return k
    }
}
