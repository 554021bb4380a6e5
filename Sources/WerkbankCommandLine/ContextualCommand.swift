import ArgumentParser

/// A parsed command that runs in a `CommandContext` and returns its exit
/// status (argument-parser's own `run()` knows neither).
protocol ContextualCommand: ParsableCommand {
    func run(in context: CommandContext) -> Int32
}
