import Foundation
import Testing
import WerkbankEngine
import WerkbankLanguage
@testable import WerkbankLibrary

/// The bundled Library: every table loads with its manifest's types, every row
/// names an existing source document, ids are unique, keys resolve, and each
/// case's facts are in the text of its source.
@Suite struct LibraryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let manifest: LibraryManifest? = try? Library.bundled.manifest()

    func table(_ name: String) throws -> Table {
        let catalog = Catalog()
        try Library.bundled.register(into: catalog)
        return try #require(try catalog.table(name))
    }

    func strings(_ t: Table, _ column: String) -> [String?] {
        guard let c = t.column(column) else { return [] }
        return (0..<t.rowCount).map { i in if case .string(let s) = c.value(at: i) { s } else { nil } }
    }

    @Test func manifestListsTheTablesOfDataMD() throws {
        let names = try #require(Self.manifest).tables.map(\.name)
        for required in ["cases", "collectives", "terreinen", "ladder", "roles", "forms", "figures", "timeline", "partners", "sources"] {
            #expect(names.contains(required), "Library lacks \(required)")
        }
    }

    @Test(arguments: (try? Library.bundled.manifest())?.tables.map(\.name) ?? [])
    func tableLoadsWithManifestTypes(_ name: String) throws {
        let entry = try #require(Self.manifest?.tables.first { $0.name == name })
        let t = try table(name)
        #expect(t.rowCount > 0)
        #expect(t.fields.map(\.name) == entry.columns.map(\.name))
        #expect(t.fields.map(\.type.rawValue) == entry.columns.map(\.type))
        for c in entry.columns { #expect(!c.description.isEmpty, "\(name).\(c.name) has no description") }
        // The manifest's hash is the file's: notebooks pin it.
        let bytes = try Data(contentsOf: Self.root.appendingPathComponent("Library/" + entry.file))
        #expect(SHA256.hex(Array(bytes)) == entry.sha256, "update sha256 of \(name) in Library/library.json")
    }

    @Test(arguments: (try? Library.bundled.manifest())?.tables.map(\.name) ?? [])
    func everyRowNamesAnExistingSource(_ name: String) throws {
        let t = try table(name)
        let seeds = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Library/seeds").path)
        for (row, source) in strings(t, "source").enumerated() {
            let s = try #require(source, "\(name) row \(row + 1) has no source")
            #expect(seeds.contains { s.hasPrefix($0) || s.contains($0) }, "\(name) row \(row + 1): \(s) names no seed file")
        }
    }

    @Test func idsAreUniqueAndKeysResolve() throws {
        for name in ["cases", "collectives", "terreinen", "sources"] {
            let ids = strings(try table(name), "id").compactMap { $0 }
            #expect(Set(ids).count == ids.count, "\(name) has duplicate ids")
        }
        let collectives = Set(strings(try table("collectives"), "id").compactMap { $0 })
        let cases = Set(strings(try table("cases"), "id").compactMap { $0 })
        for op in strings(try table("cases"), "operator").compactMap({ $0 }) {
            #expect(collectives.contains(op), "cases.operator \(op) is not a collective")
        }
        for subject in strings(try table("timeline"), "subject_id").compactMap({ $0 }) {
            #expect(cases.contains(subject) || collectives.contains(subject), "timeline.subject_id \(subject) resolves nowhere")
        }
    }

    struct Fact: Decodable {
        var case_id: String
        var column: String
        var value: String
        var seed: String
        var quote: String
    }

    static let facts: [Fact] = {
        let url = root.appendingPathComponent("Tests/Fixtures/library/case_facts.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([Fact].self, from: data)) ?? []
    }()

    /// Each fact: its quote stands in the source document, and the Library's cell equals the value.
    @Test(arguments: facts.map { "\($0.case_id).\($0.column)" })
    func caseFactMatchesItsSource(_ key: String) throws {
        let fact = try #require(Self.facts.first { "\($0.case_id).\($0.column)" == key })
        let text = try String(contentsOf: Self.root.appendingPathComponent("Library/seeds/" + fact.seed), encoding: .utf8)
        #expect(text.contains(fact.quote), "quote not in \(fact.seed): \(fact.quote)")
        let cases = try table("cases")
        let ids = strings(cases, "id")
        let row = try #require(ids.firstIndex(of: fact.case_id))
        let cell = try #require(cases.column(fact.column)).value(at: row)
        let shown: String
        switch cell {
        case .string(let s): shown = s
        case .int(let i): shown = String(i)
        case .float(let d): shown = d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        default: shown = ""
        }
        #expect(shown == fact.value)
        // Numbers must appear in the quote as written.
        if case .int(let i) = cell { #expect(fact.quote.contains(String(i)), "\(i) not in the quote \(fact.quote)") }
    }

    @Test func everyCaseHasItsCoreFacts() {
        let required = ["founded", "entrepreneurs", "tenure", "floor_area_m2", "city", "postcode"]
        let covered = Set(Self.facts.map { "\($0.case_id).\($0.column)" })
        for id in ["keilepand", "keilewerf", "de-kroon", "hillevliet", "hof-van-cartesius"] {
            let n = required.filter { covered.contains("\(id).\($0)") }.count
            #expect(n >= 3, "\(id) has evidence for only \(n) core facts")
        }
    }

    @Test func joinsOfDataMDWork() {
        let h = Harness()
        #expect(h.csv("cases | join collectives on operator = id | count") == "count\n7\n")
        #expect(h.csv("timeline | join cases on subject_id = id | count").hasPrefix("count\n"))
        #expect(h.csv("cases | select name | where name == \"Hof van Cartesius\"") == "name\nHof van Cartesius\n")
    }
}
