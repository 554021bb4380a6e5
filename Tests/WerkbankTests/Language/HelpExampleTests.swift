import Testing
import WerkbankLanguage

/// Every example in `help` runs and gives the output written beside it.
@Suite struct HelpExampleTests {
    static let stageExamples: [(String, Example)] = StageRegistry.all.flatMap { s in s.help.examples.map { (s.help.name, $0) } }

    @Test(arguments: stageExamples.map { "\($0.0): \($0.1.code)" })
    func stageExample(_ label: String) throws {
        let example = try #require(Self.stageExamples.first { "\($0.0): \($0.1.code)" == label }?.1)
        #expect(Harness().csv(example.code) == example.expected)
    }

    static let functionExamples: [(String, Example)] = FunctionCatalog.examples.sorted { $0.key < $1.key }
        .flatMap { name, list in list.map { (name, $0) } }

    @Test(arguments: functionExamples.map { "\($0.0): \($0.1.code)" })
    func functionExample(_ label: String) throws {
        let example = try #require(Self.functionExamples.first { "\($0.0): \($0.1.code)" == label }?.1)
        #expect(Harness().csv(example.code) == example.expected)
    }

    static let aggregateExamples: [(String, Example)] = AggregateCatalog.all.flatMap { a in a.examples.map { (a.name, $0) } }

    @Test(arguments: aggregateExamples.map { "\($0.0): \($0.1.code)" })
    func aggregateExample(_ label: String) throws {
        let example = try #require(Self.aggregateExamples.first { "\($0.0): \($0.1.code)" == label }?.1)
        #expect(Harness().csv(example.code) == example.expected)
    }

    static let statementExamples: [(String, Example)] = StatementRegistry.all.flatMap { s in s.help.examples.map { (s.help.name, $0) } }

    @Test(arguments: statementExamples.map { "\($0.0): \($0.1.code)" })
    func statementExample(_ label: String) throws {
        let example = try #require(Self.statementExamples.first { "\($0.0): \($0.1.code)" == label }?.1)
        #expect(Harness().csv(example.code) == example.expected)
    }

    static let rowFunctionExamples: [(String, Example)] = RowFunctionCatalog.examples.sorted { $0.key < $1.key }
        .flatMap { name, list in list.map { (name, $0) } }

    @Test(arguments: rowFunctionExamples.map { "\($0.0): \($0.1.code)" })
    func rowFunctionExample(_ label: String) throws {
        let example = try #require(Self.rowFunctionExamples.first { "\($0.0): \($0.1.code)" == label }?.1)
        #expect(Harness().csv(example.code) == example.expected)
    }

    @Test func everyAggregateHasAnExample() {
        for a in AggregateCatalog.all { #expect(!a.examples.isEmpty, "\(a.name) has no example") }
    }

    @Test func everyFunctionHasAnExample() {
        for f in FunctionCatalog.all { #expect(FunctionCatalog.examples[f.name]?.isEmpty == false, "\(f.name) has no example") }
    }

    @Test func everyStageHasAnExample() {
        for stage in StageRegistry.all where stage.help.name != "save" {
            #expect(!stage.help.examples.isEmpty, "\(stage.help.name) has no example")
        }
    }
}
