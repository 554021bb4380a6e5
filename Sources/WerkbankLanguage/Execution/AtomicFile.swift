import Foundation
import WerkbankEngine

/// Writes files so that a crash never leaves half a file: a temporary file
/// beside the target, flushed, then renamed over it.
public enum AtomicFile {
    /// `shownAs`: the path as the user wrote it, for messages (default: `path`).
    public static func write(_ bytes: [UInt8], to path: String, shownAs: String? = nil) throws(EngineError) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        let shown = shownAs ?? path
        let shownFolder = (shown as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isFolder) else {
            throw .unwritable(path: shown, message: "folder \(shownFolder.isEmpty ? dir : shownFolder) does not exist")
        }
        guard isFolder.boolValue else {
            throw .unwritable(path: shown, message: "\(shownFolder.isEmpty ? dir : shownFolder) is a file, not a folder")
        }
        let tmp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .unwritable(path: path, message: String(cString: strerror(errno))) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 {
                let message = String(cString: strerror(errno))
                close(fd)
                unlink(tmp)
                throw .unwritable(path: path, message: message)
            }
            offset += n
        }
        fsync(fd)
        close(fd)
        guard rename(tmp, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(tmp)
            throw .unwritable(path: path, message: message)
        }
    }
}
