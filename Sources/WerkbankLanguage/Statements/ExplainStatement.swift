import WerkbankEngine

/// `explain PIPELINE`: the pipeline's plan for a user: its help, syntax,
/// what it runs and how the plan reads.
///
/// The source is read as a run would read it (the types of a file's columns
/// come from reading them), but no stage runs and no file is written.
public struct ExplainStatement: Statement {
    public let pipeline: PipelineNode

    public static let help = StatementHelp(
        name: "explain", syntax: "explain PIPELINE",
        summary: "show the plan: the columns read from the source, each stage's output columns and types, where filters run and which files would be written; runs no stage and writes nothing")

    public static func starts(_ p: Parser) -> Bool { p.nameFollows || p.keywordIsAlone }

    public static func parse(_ p: inout Parser, keyword: Token) throws(Diagnostic) -> StatementNode {
        if p.atEnd, !p.completing {
            throw Diagnostic("explain needs a pipeline", at: keyword.span, hint: "e.g. explain cases | where founded > 2015")
        }
        return .statement(ExplainStatement(pipeline: try p.parsePipeline()))
    }

    public var kind: StatementKind { .explain }

    public func execute(_ session: Session, source: String, _ context: ExecutionContext) throws(Diagnostic) -> StatementResult {
        // Never writing, even the stages a pivot needs run before it.
        let planning = ExecutionContext(cancel: context.cancel, baseDirectory: context.baseDirectory, allowWrite: false)
        let plan = try Planner(session: session, purpose: .run(planning)).plan(pipeline, text: source)
        return .text(Self.describe(plan))
    }

    /// The plan as text: the source and what is read from it, then one block
    /// per stage (its text, its role, its output columns).
    static func describe(_ plan: Plan) -> String {
        var out = "plan (explain runs no stage and writes no file):\n"
        if case .rows = plan.source.kind {
            out = "plan (explain writes no file; the stages before pivot ran, to learn its columns):\n"
        }
        out += "source: " + sourceLine(plan.source) + "\n"
        for (i, step) in plan.steps.enumerated() {
            out += "\(i + 1). \(text(of: step.node.span, in: plan.text))\n"
            if step.filtersRows {
                out += "   filter: keeps the rows where the condition holds, here, on the rows of "
                    + (i == 0 ? "the source" : "stage \(i)") + "\n"
            }
            if let file = step.writesFile { out += "   writes \(file.path)\n" }
            out += "   reads: " + columnList(step.reads, of: step.input) + "\n"
            out += "   out: " + step.output.map { "\($0.name) \($0.type.rawValue)" }.joined(separator: ", ") + "\n"
            if let carried = step.carries, carried.count < step.output.count || !step.output.allSatisfy({ carried.contains($0.name) }) {
                let kept = step.output.filter { carried.contains($0.name) }
                out += "   carried on: " + (kept.isEmpty ? "no columns (only the row count)" : kept.map(\.name).joined(separator: ", ")) + "\n"
            }
        }
        let written = plan.filesWritten
        out += written.isEmpty ? "writes no file\n" : "a run would write " + written.map(\.path).joined(separator: ", ") + "\n"
        return out
    }

    static func sourceLine(_ source: Plan.Source) -> String {
        let read = columnList(source.columnsRead, of: source.schema)
        switch source.kind {
        case .table(let name):
            return "table \(name) (\(source.schema.count) columns); reads \(read)"
        case .file(let node):
            return "load \(StatementFiles.literal(node.path)); reads " + (source.columnsRead == nil ? read : read + " (only these are read from the file)")
        case .rows(let after):
            // pivot's columns come from the data: the stages before it ran to learn them.
            return "the rows \(after.map { "after \($0)" } ?? "of the source") (\(source.schema.count) columns), computed while planning: "
                + "the next stage's columns come from their values"
        }
    }

    /// `columns` in the order of `schema` (nil: all of them).
    static func columnList(_ columns: Set<String>?, of schema: Schema) -> String {
        guard let columns else { return schema.isEmpty ? "no columns" : "every column" }
        let names = schema.map(\.name).filter { columns.contains($0) }
        return names.isEmpty ? "no columns" : names.joined(separator: ", ")
    }

    static func text(of span: SourceSpan, in source: String) -> String {
        let bytes = Array(source.utf8)
        guard span.start >= 0, span.end <= bytes.count, span.start <= span.end else { return "" }
        return String(decoding: bytes[span.start..<span.end], as: UTF8.self)
    }
}
