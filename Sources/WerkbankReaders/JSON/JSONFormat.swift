import WerkbankEngine

/// `load "x.json"`: an array of objects, or one object per line.
public enum JSONFormat {
    public static let format = LoadFormat(
        name: "JSON", extensions: ["json", "jsonl", "ndjson"], options: [],
        failureHint: "a JSON file holds an array of objects, or one object per line (JSON lines)"
    ) { input, _, settings throws(EngineError) in
        let (table, found) = try JSONReader.readDescribed(
            input, columns: settings.columns, progress: settings.progress,
            cancel: settings.cancel)
        let notes = [found.jsonLines ? "JSON lines" : "JSON"] + found.textColumns + [found.jsonTextNote].compactMap { $0 }
        return (table, notes.joined(separator: "; "))
    }
}
