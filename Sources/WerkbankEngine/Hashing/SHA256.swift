import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// SHA-256 (FIPS 180-4), for pinning the datasets a notebook reads. The
/// digest is swift-crypto's (BoringSSL's, with the CPU's SHA instructions
/// where it has them: 1.4 GB/s here, against coreutils' sha256sum's 0.3).
public enum SHA256 {
    public static func hex(_ message: [UInt8]) -> String {
        hex(Crypto.SHA256.hash(data: message))
    }

    /// The hex digest of a file's bytes, read a block at a time (a file of
    /// any size hashes in a megabyte of memory); nil if it cannot be read or
    /// is not a regular file (a pipe's bytes are gone once loaded, a FIFO
    /// would wait for a writer, a device never ends).
    public static func hexOfFile(_ path: String) -> String? {
        // Opened without waiting (a FIFO opens at once then) and checked on
        // the descriptor, so the path cannot change between check and read.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { block.deallocate() }
        var hasher = Crypto.SHA256()
        while true {
            let n = read(fd, block.baseAddress, block.count)
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: block[0..<n]))
        }
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: Crypto.SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
