import Foundation
import WerkbankEngine

/// Writes files so that a crash never leaves half a file: a temporary file
/// beside the target, flushed, then renamed over it.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(EngineError) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let tmp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 {
                let message = String(cString: strerror(errno))
                close(fd)
                unlink(tmp)
                throw .io(path: path, message: message)
            }
            offset += n
        }
        fsync(fd)
        close(fd)
        guard rename(tmp, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(tmp)
            throw .io(path: path, message: message)
        }
    }
}
