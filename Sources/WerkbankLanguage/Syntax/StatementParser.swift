import WerkbankEngine

/// Statements: a word of `StatementRegistry` that starts the line, or a pipeline.
extension Parser {
    public mutating func parseStatement() throws(Diagnostic) -> StatementNode {
        expecting(.statement)
        let first = current
        let statement: StatementNode
        if first.kind == .identifier, let type = StatementRegistry.byKeyword[first.text.lowercased()], type.starts(self) {
            advance()
            statement = try type.parse(&self, keyword: first)
        } else {
            statement = .pipeline(try parsePipeline())
        }
        guard atEnd else {
            throw Diagnostic("unexpected '\(current.text)' after the statement", at: current.span,
                             hint: current.kind == .pipe ? nil : "separate statements with ';' or a new line")
        }
        return statement
    }

    /// `"PATH" [key=value ...]` after `load` (consumed as `keyword`).
    mutating func parseLoad(keyword: Token) throws(Diagnostic) -> LoadNode {
        let path = try parsePath("a file path in quotes after load")
        let options = try parseOptions(LoadStatement.help.options)
        return LoadNode(path: path.text, pathSpan: path.span, options: options,
                        span: keyword.span.union(options.last?.span ?? path.span))
    }

    public mutating func parsePipeline() throws(Diagnostic) -> PipelineNode {
        expecting(.source)
        if current.isKeyword("load") {
            let keyword = advance()
            return try parseStages(source: .load(try parseLoad(keyword: keyword)))
        }
        let t = current
        guard t.kind == .identifier || t.kind == .quotedIdentifier else {
            throw unexpected(expected: "a table name or load \"PATH\" to start a pipeline")
        }
        if StageRegistry.byName[t.text.lowercased()] != nil, peek().kind != .pipe, peek().kind != .end {
            // `where x > 1` typed without a table.
            throw Diagnostic("a pipeline starts with a table, not with '\(t.text)'", at: t.span,
                             hint: "e.g. cases | \(t.text) ...; 'datasets' lists the tables")
        }
        advance()
        return try parseStages(source: .name(t.text, t.span))
    }

    mutating func parseStages(source: SourceNode) throws(Diagnostic) -> PipelineNode {
        var stages: [StageNode] = []
        while current.kind == .pipe {
            stageInputEnd = advance().span.start
            stageLocals = []
            expecting(.stage)
            let keyword = current
            guard keyword.kind == .identifier else {
                throw unexpected(expected: "a stage after '|' (where, select, sort, …)")
            }
            guard let type = StageRegistry.byName[keyword.text.lowercased()] else {
                throw Diagnostic("unknown stage \"\(keyword.text)\"", at: keyword.span,
                                 hint: SQLHabits.stages[keyword.text.lowercased()]
                                    ?? DidYouMean.hint(keyword.text, among: StageRegistry.names)
                                    ?? "stages: " + StageRegistry.names.joined(separator: ", "))
            }
            advance()
            let stage = try type.parse(&self, keyword: keyword)
            try expectStageEnd(type.help.name)
            stages.append(StageNode(keyword: keyword, stage: stage, span: keyword.span.union(tokens[max(index - 1, 0)].span)))
        }
        return PipelineNode(source: source, stages: stages, span: source.span.union(stages.last?.span ?? source.span))
    }
}
