// Fuzzes the statement path: lexer, statement splitter, parser, binder, the
// executor on the bundled Library, and the rendering of every outcome
// (results and diagnostics with their carets), as the shell runs a line.
// Checks besides crashes and hangs: tokens lie inside the text, in order;
// every error has text; every result table is well formed.
//
// `load` reads only a few small files copied into a scratch folder: an input
// with a string holding `/`, `~` or `..` is skipped. The session may not
// write (`save` only reports that it skipped), and there is no notebook
// recorder (`notebook …` and `note` are errors).
import Foundation
import FuzzSupport
import WerkbankEngine
import WerkbankLanguage
import WerkbankLibrary
import WerkbankRender

/// The folder `load` reads from, with one file of each kind.
let scratch: String = {
    let dir = NSTemporaryDirectory() + "werkbank-fuzz-language-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    for (name, source) in [
        ("w.csv", "Notebooks/voorbeeld-werkruimtes.csv"), ("cases.csv", "Library/cases.csv"),
        ("cbs.csv", "Tests/Fixtures/formats/cbs_kerncijfers.csv"), ("g.xlsx", "Tests/Fixtures/formats/gemeenten.xlsx"),
        ("p.geojson", "Tests/Fixtures/formats/pdok_gemeenten.geojson"), ("r.json", "Tests/Fixtures/formats/pdok_rd.json"),
    ] {
        try? FileManager.default.removeItem(atPath: dir + "/" + name)
        try? FileManager.default.copyItem(atPath: root + "/" + source, toPath: dir + "/" + name)
    }
    return dir
}()

/// The Library's tables, parsed once; each input gets a fresh catalog that
/// holds them (so `let` bindings and settings never leak between inputs).
let library: [(Catalog.Entry, Table)] = {
    let catalog = Catalog()
    do { try Library.bundled.register(into: catalog) } catch { violated("Library: \(error)") }
    return catalog.names.map { name in
        guard let entry = catalog.entry(name), let table = try? catalog.table(name) else { violated("Library table \(name)") }
        return (entry, table)
    }
}()

func checkTokens(_ source: String) {
    let lexed = Lexer.tokenize(source)
    let count = source.utf8.count
    var previous = 0
    for t in lexed.tokens {
        if t.span.start < previous || t.span.end > count || t.span.start > t.span.end {
            violated("token \(t.kind) at \(t.span.start)..<\(t.span.end) out of order or outside 0..<\(count)")
        }
        previous = t.span.start
    }
    for e in lexed.errors {
        if let s = e.span, s.end > count { violated("lexer error span \(s.start)..<\(s.end) outside 0..<\(count)") }
    }
    for statement in StatementSplitter.split(lexed.tokens) {
        var parser = Parser(statement)
        _ = try? parser.parseStatement()
    }
    _ = StatementSplitter.needsContinuation(source)
}

let target: FuzzTarget = { data, size in
    let input = bytes(data, size)
    let source = String(decoding: input, as: UTF8.self)
    checkTokens(source)
    if source.lowercased().contains("load") {
        // Only the scratch folder's files.
        let strings = Lexer.tokenize(source).tokens.filter { $0.kind == .string || $0.kind == .quotedIdentifier }
        if strings.contains(where: { $0.text.contains("/") || $0.text.contains("~") || $0.text.contains("..") }) { return -1 }
    }

    let catalog = Catalog()
    // Registered lazily like the real Library, but without re-parsing the CSV each time.
    for (entry, table) in library {
        catalog.register(entry.name, origin: entry.origin, metadata: entry.metadata, contentHash: entry.contentHash) {
            () throws(EngineError) -> Table in table
        }
    }
    let session = Session(catalog: catalog, baseDirectory: scratch, allowWrite: false)
    for batch in [true, false] {
        if !batch { session.settings.format = .table }
        for outcome in session.run(source) {
            let r = OutcomeRenderer.render(outcome, source: source, settings: session.settings, batch: batch)
            switch outcome.result {
            case .failure(let d):
                if r.stderr.isEmpty { violated("an error with no text: \(d)") }
            case .success(.table(let t, _)):
                // Every result is a well-formed table.
                if t.fields.count != t.columns.count { violated("\(t.fields.count) fields, \(t.columns.count) columns") }
                for (f, c) in zip(t.fields, t.columns) {
                    if c.count != t.rowCount || c.type != f.type || (c.validity.map { $0.count != c.count } ?? false) {
                        violated(
                            "column \(f.name): \(c.count) \(c.type) values (validity \(c.validity?.count ?? -1)) in a table of \(t.rowCount) rows of \(f.type)"
                        )
                    }
                }
            default:
                break
            }
        }
    }
    return 0
}

runFuzzer(target)
