import WerkbankEngine

/// A pipeline after planning: where its rows come from, each stage bound with
/// its output schema, the columns each stage reads and carries, which stages
/// write files and where rows are filtered. Built once (`Planner`), then run
/// (`PlanExecutor`), shown (`explain`) or read for completion; nobody walks
/// the pipeline again.
public struct Plan: Sendable {
    public struct Source: Sendable {
        public enum Kind: Sendable {
            /// A table in scope (a Library table, a `let` or `load … as`).
            case table(String)
            /// `load "PATH"` at the start of the pipeline.
            case file(LoadNode)
            /// The rows the stages up to the named one made: a stage whose
            /// columns come from the data (pivot) is planned over them.
            case rows(after: String?)
        }
        public var kind: Kind
        public var span: SourceSpan
        /// The columns the pipeline reads from the source (nil: all of them);
        /// a file reader reads only these (projection pushdown).
        public var columnsRead: Set<String>?
        /// The source's schema as the stages were bound against it.
        public var schema: Schema
        /// The rows, when the plan is for running (nil for completion).
        public var table: Table?
    }

    public struct Step: Sendable {
        public var node: StageNode
        /// The stage's keyword as `help` names it.
        public var name: String { type(of: node.stage).help.name }
        /// Input and output schemas of the binding on full schemas: every
        /// name and type a user sees.
        public var input: Schema
        public var output: Schema
        /// The input columns the stage itself reads (nil: all of them).
        public var reads: Set<String>?
        /// The columns carried out of this stage because a later one reads
        /// them (nil: all).
        public var carries: Set<String>?
        /// The binding on the pruned input that runs (nil when the plan is
        /// not for running).
        public var bound: BoundStage?
        /// The output of `bound` after `conform`: the full output less the
        /// columns nobody reads.
        public var runOutput: Schema?

        public var writesFile: FileUse? { node.stage.writesFile }
        public var filtersRows: Bool { node.stage.filtersRows }
    }

    public var source: Source
    public var steps: [Step]
    /// The statement's text (for labels and carets when running).
    public var text: String

    /// The pipeline's result schema (the last stage's output, or the source's).
    public var output: Schema { steps.last?.output ?? source.schema }

    /// Every file the pipeline writes, in stage order.
    public var filesWritten: [FileUse] { steps.compactMap(\.writesFile) }
}
