import WerkbankEngine

/// Runs a `Plan` built for running: each stage's pruned binding over the
/// rows, dropping the columns no later stage reads.
enum PlanExecutor {
    static func run(_ plan: consuming Plan, context: ExecutionContext) throws(Diagnostic) -> (Table, Presentation) {
        let notForRunning = Diagnostic(
            "internal error: a plan made for completion cannot run", at: plan.source.span,
            hint: "please report it, with the statement")
        guard var table = plan.source.table else { throw notForRunning }
        // The plan lets go of the source's rows, so that the columns and rows
        // a stage leaves behind are freed as the stages go (a caller that
        // passes its plan with `consume` holds them no longer either).
        plan.source.table = nil
        var presentation = Presentation.table
        for (i, step) in plan.steps.enumerated() {
            guard let bound = step.bound else { throw notForRunning }
            if let keep = i == 0 ? plan.source.columnsRead : plan.steps[i - 1].carries {
                let fields = table.fields
                let indices = fields.indices.filter { keep.contains(fields[$0].name) }
                if indices.count < table.columnCount { table = table.project(indices) }
            }
            context.presentation = presentation
            do {
                try context.cancel.check()
                // Any stage may build a few vectors as long as its input (a
                // predicate, a selection, group ids): 16 bytes a row. A counted
                // join result has rows but no columns, so this is not implied
                // by the input fitting in memory.
                if table.rowCount > 1 << 20 {
                    try MemoryBudget.checkWork(
                        bytes: table.rowCount.multipliedReportingOverflow(by: 16).partialValue,
                        what: "\(step.name) on \(NumberText.thousands(table.rowCount)) rows",
                        hint: "filter or count first")
                }
                // Handed over, not shared: the stage may free or reuse its input.
                table = try bound.execute(consume table, context)
            } catch {
                throw Diagnostic(error.message, at: error.span ?? step.node.span, hint: hint(for: error))
            }
            guard let conformed = conform(table, to: step.output, needed: step.carries) else { throw Planner.lostColumn(step) }
            table = conformed
            presentation = bound.presentation ?? (step.node.stage.keepsPresentation ? presentation : .table)
        }
        return (table, presentation)
    }

    /// The columns of `table` in the order of the full binding's `schema`,
    /// leaving out the ones no later stage reads; nil when a column that a
    /// later stage reads is missing or differs in type.
    static func conform(_ table: Table, to schema: Schema, needed: Set<String>?) -> Table? {
        if table.fields == schema { return table }
        guard let indices = Planner.conformIndices(table.fields, to: schema, needed: needed) else { return nil }
        return indices == Array(table.fields.indices) ? table : table.project(indices)
    }

    static func hint(for error: EngineError) -> String? {
        if case .overflow = error.unlocated { return "the result does not fit a 64-bit int; convert with float() first" }
        return error.hint
    }
}
