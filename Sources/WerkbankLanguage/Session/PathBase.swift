/// The folder relative paths resolve against, as the hint of an error about
/// a path names it. A value, so that a notebook can name its own folder
/// where the shell names the current one, without rewording text.
public enum PathBase: Sendable, Equatable {
    case currentFolder
    case folder(String)
    case notebookFolder

    init(baseDirectory: String) {
        self = baseDirectory == "." ? .currentFolder : .folder(baseDirectory)
    }

    public var hint: String {
        switch self {
        case .currentFolder: "paths are relative to the current folder"
        case .folder(let path): "paths are relative to \(path)"
        case .notebookFolder: "paths are relative to the notebook's folder"
        }
    }
}
