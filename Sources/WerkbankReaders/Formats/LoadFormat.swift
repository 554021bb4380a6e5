import WerkbankEngine

/// One format `load` reads, declared in one place (`CSVFormat`,
/// `JSONFormat`, `GeoJSONFormat`, `XLSXFormat`): how it is recognised, the
/// options it takes, how it reads, and how it says what it decided.
/// `LoadFormats.all` lists them.
public struct LoadFormat: Sendable {
    /// As messages name it: `CSV`, `xlsx`.
    public let name: String
    /// File name extensions, lower case, without the dot.
    public let extensions: [String]
    /// The options it takes, in the order help lists them.
    public let options: [LoadOption]
    /// The hint when reading fails and the error has none of its own.
    public let failureHint: String
    /// Files from this size on show a progress bar.
    let progressFrom: Int
    /// Reads the input with the parsed options, keeping only `columns`
    /// (nil: all); the text says what the reader decided (`';', decimal ','`).
    let read: @Sendable (ReaderInput, LoadOptions, ReadSettings) throws(EngineError) -> (Table, String)

    /// What every read gets besides its options.
    public struct ReadSettings: Sendable {
        public var columns: Set<String>?
        public var progress: LoadProgress?
        public var cancel: CancellationToken

        public init(columns: Set<String>?, progress: LoadProgress? = nil, cancel: CancellationToken) {
            self.columns = columns
            self.progress = progress
            self.cancel = cancel
        }
    }

    init(
        name: String, extensions: [String], options: [LoadOption], failureHint: String, progressFrom: Int = 8 << 20,
        read: @escaping @Sendable (ReaderInput, LoadOptions, ReadSettings) throws(EngineError) -> (Table, String)
    ) {
        self.name = name
        self.extensions = extensions
        self.options = options
        self.failureHint = failureHint
        self.progressFrom = progressFrom
        self.read = read
    }

    /// Parses a `load` statement's `key=value` list into typed options:
    /// every key must be one of this format's options and every value of its
    /// kind. The error gives the position of the option at fault.
    public func parse(_ pairs: [(key: String, value: String)]) throws(LoadOptionError) -> LoadOptions {
        var parsed = LoadOptions()
        for (index, pair) in pairs.enumerated() {
            guard let option = options.first(where: { $0.name == pair.key }) else {
                throw refusal(pair.key, index: index)
            }
            do {
                try option.apply(&parsed, pair.value)
            } catch {
                var located = error
                located.index = index
                throw located
            }
            parsed.given.append(pair.key)
        }
        return parsed
    }

    /// Checks options parsed for another format (the extension's) against
    /// this one (what the file holds).
    public func check(_ parsed: LoadOptions) throws(LoadOptionError) {
        for (index, key) in parsed.given.enumerated() where !options.contains(where: { $0.name == key }) {
            throw refusal(key, index: index)
        }
    }

    /// The options as help lists them: `delimiter, decimal, …`.
    public var optionList: String { options.map(\.name).joined(separator: ", ") }

    private func refusal(_ key: String, index: Int) -> LoadOptionError {
        if options.isEmpty {
            return LoadOptionError(index: index, part: .key, "\(name) files take no load options")
        }
        let owners = LoadFormats.all.filter { $0.options.contains { $0.name == key } }.map(\.name)
        if owners.isEmpty {
            return LoadOptionError(
                index: index, part: .key, "unknown load option \"\(key)\"",
                hint: "\(name) options: \(optionList)", candidates: options.map(\.name))
        }
        return LoadOptionError(
            index: index, part: .key, "\(key)= is not an option for \(name) files",
            hint: "\(name) options: \(optionList); \(key)= is for \(owners.joined(separator: " and ")) files")
    }
}

/// Formats are told apart by their names.
extension LoadFormat: Equatable {
    public static func == (a: LoadFormat, b: LoadFormat) -> Bool { a.name == b.name }
}
