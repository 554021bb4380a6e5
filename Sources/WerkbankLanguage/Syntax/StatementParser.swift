import WerkbankEngine

/// Statements: the words that may start a line, and pipelines.
extension Parser {
    public static let statementKeywords = ["let", "load", "datasets", "describe", "help", "set", "note", "notebook", "version", "exit", "quit", "explain"]

    public mutating func parseStatement() throws(Diagnostic) -> StatementNode {
        let first = current
        let word = first.kind == .identifier ? first.text.lowercased() : ""
        let statement: StatementNode
        switch word {
        case "let" where peek().kind == .identifier || peek().kind == .quotedIdentifier:
            advance()
            let (name, span) = try parseName("a name for the table")
            _ = try expect(.assign, "'=' after the name")
            statement = .letBinding(name: name, nameSpan: span, try parsePipeline())
        case "load":
            let load = try parseLoad()
            if acceptKeyword("as") {
                let (name, span) = try parseName("a name for the table")
                statement = .loadAs(load, name: name, nameSpan: span)
            } else {
                statement = .pipeline(try parseStages(source: .load(load)))
            }
        case "datasets" where peek().kind == .end:
            advance()
            statement = .datasets
        case "describe" where peek().kind == .identifier || peek().kind == .quotedIdentifier:
            advance()
            let (name, span) = try parseName("a table")
            statement = .describeTable(name, span)
        case "help":
            advance()
            if atEnd {
                statement = .help(topic: nil, nil)
            } else {
                let t = advance()
                statement = .help(topic: t.text, t.span)
            }
        case "set" where peek().kind == .end:
            throw Diagnostic("set needs an option and a value", at: first.span,
                             hint: "set " + Settings.optionNames.joined(separator: " | ") + " ...")
        case "set" where peek().kind == .identifier:
            advance()
            let option = advance()
            var value: Token? = atEnd ? nil : advance()
            if let minus = value, minus.kind == .minus, current.kind == .integer {
                let n = advance()
                value = Token(kind: .integer, text: "-" + n.text, span: minus.span.union(n.span))
            }
            statement = .set(option: option, value: value)
        case "note" where peek().kind == .string:
            advance()
            statement = .note(advance().text)
        case "notebook":
            advance()
            if acceptKeyword("save") {
                let t = try expect(.string, "a file path in quotes")
                statement = .notebook(.save(path: t.text, t.span))
            } else if acceptKeyword("drop") {
                let (n, span) = try parseInteger("the number of a cell or note (see notebook show)")
                guard n >= 1 else { throw Diagnostic("cells and notes are numbered from 1", at: span, hint: "see notebook show") }
                statement = .notebook(.drop(n, span))
            } else if acceptKeyword("clear") {
                statement = .notebook(.clear)
            } else if acceptKeyword("show") {
                statement = .notebook(.show)
            } else if acceptKeyword("undo") {
                statement = .notebook(.undo)
            } else if acceptKeyword("keep") {
                statement = .notebook(.keep)
            } else if acceptKeyword("recover") {
                statement = .notebook(.recover)
            } else {
                throw Diagnostic("expected one of \(NotebookCommand.words.joined(separator: ", ")) after notebook", at: current.span,
                                 hint: "notebook show lists what is recorded; notebook save \"NAME.md\" writes it")
            }
        case "version" where peek().kind == .end:
            advance()
            statement = .version
        case "explain" where peek().kind == .identifier || peek().kind == .quotedIdentifier:
            advance()
            statement = .explain(try parsePipeline())
        case "explain" where peek().kind == .end:
            throw Diagnostic("explain needs a pipeline", at: first.span, hint: "e.g. explain cases | where founded > 2015")
        case "exit" where peek().kind == .end, "quit" where peek().kind == .end:
            advance()
            statement = .exit
        default:
            statement = .pipeline(try parsePipeline())
        }
        guard atEnd else {
            throw Diagnostic("unexpected '\(current.text)' after the statement", at: current.span,
                             hint: current.kind == .pipe ? nil : "separate statements with ';' or a new line")
        }
        return statement
    }

    mutating func parseLoad() throws(Diagnostic) -> LoadNode {
        let keyword = advance()
        let path = try expect(.string, "a file path in quotes after load")
        let options = try parseOptions()
        return LoadNode(path: path.text, pathSpan: path.span, options: options,
                        span: keyword.span.union(options.last?.span ?? path.span))
    }

    public mutating func parsePipeline() throws(Diagnostic) -> PipelineNode {
        if current.isKeyword("load") { return try parseStages(source: .load(try parseLoad())) }
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
        while accept(.pipe) {
            let keyword = current
            guard keyword.kind == .identifier else {
                throw unexpected(expected: "a stage after '|' (where, select, sort, …)")
            }
            guard let type = StageRegistry.byName[keyword.text.lowercased()] else {
                throw Diagnostic("unknown stage \"\(keyword.text)\"", at: keyword.span,
                                 hint: DidYouMean.hint(keyword.text, among: StageRegistry.names)
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
