#if canImport(Glibc)
import Glibc
#endif

/// Every syscall the suite makes on files goes through here: EINTR is retried in one place, errno becomes
/// `OHLCVError.Kind.io`, and debug builds can SIGKILL themselves before the Nth write, fsync, rename or
/// truncate (`OHLCV_FAULT=kill:write:137`), which the crash tests use.
public struct FileDescriptor: Sendable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let standardInput = FileDescriptor(rawValue: 0)
    public static let standardOutput = FileDescriptor(rawValue: 1)
    public static let standardError = FileDescriptor(rawValue: 2)

    public enum Mode { case readOnly, readWrite, createReadWrite, createTruncate }

    public static func open(_ path: String, _ mode: Mode) throws -> FileDescriptor {
        let flags: Int32
        switch mode {
        case .readOnly: flags = O_RDONLY
        case .readWrite: flags = O_RDWR
        case .createReadWrite: flags = O_RDWR | O_CREAT
        case .createTruncate: flags = O_WRONLY | O_CREAT | O_TRUNC
        }
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, 0o644)
            if fd >= 0 { return FileDescriptor(rawValue: fd) }
            if errno == EINTR { continue }
            if errno == ENOENT && mode == .readOnly { throw OHLCVError(.noInput(path: path), file: path) }
            throw OHLCVError(.io(operation: "open", errno: errno), file: path)
        }
    }

    public func close() { _ = Glibc.close(rawValue) }

    /// Reads up to `count` bytes; returns 0 at end of file.
    public func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        while true {
            let n = Glibc.read(rawValue, buffer, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw OHLCVError(.io(operation: "read", errno: errno))
        }
    }

    public func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64) throws -> Int {
        while true {
            let n = Glibc.pread(rawValue, buffer, count, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw OHLCVError(.io(operation: "read", errno: errno))
        }
    }

    /// Writes every byte, or throws. EPIPE is reported as `BrokenPipe` so a closed stdout ends quietly.
    public func writeAll(_ buffer: UnsafeRawPointer, count: Int) throws {
        try FaultInjection.checkpoint(.write)
        var done = 0
        while done < count {
            let n = Glibc.write(rawValue, buffer + done, count - done)
            if n >= 0 { done += n; continue }
            if errno == EINTR { continue }
            if errno == EPIPE { throw BrokenPipe() }
            throw OHLCVError(.io(operation: "write", errno: errno))
        }
    }

    public func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try writeAll($0.baseAddress!, count: $0.count) }
    }

    public func seek(to offset: Int64) throws {
        if lseek(rawValue, off_t(offset), SEEK_SET) < 0 { throw OHLCVError(.io(operation: "seek", errno: errno)) }
    }

    public func size() throws -> Int64 {
        var st = stat()
        if fstat(rawValue, &st) != 0 { throw OHLCVError(.io(operation: "stat", errno: errno)) }
        return Int64(st.st_size)
    }

    public func truncate(to length: Int64) throws {
        try FaultInjection.checkpoint(.truncate)
        while ftruncate(rawValue, off_t(length)) != 0 {
            if errno == EINTR { continue }
            throw OHLCVError(.io(operation: "truncate", errno: errno))
        }
    }

    public func sync() throws {
        try FaultInjection.checkpoint(.fsync)
        while fsync(rawValue) != 0 {
            if errno == EINTR { continue }
            // fsync on a pipe or terminal is meaningless, not an error.
            if errno == EINVAL || errno == EROFS { return }
            throw OHLCVError(.io(operation: "fsync", errno: errno))
        }
    }

    public var isTerminal: Bool { isatty(rawValue) != 0 }
}

/// Thrown when a write hits a closed pipe; tools exit 0 on it, as `| head` expects.
public struct BrokenPipe: Error {}

/// File-system operations on paths, through the same fault hook.
public enum FileSystem {
    public static func rename(_ from: String, to: String) throws {
        try FaultInjection.checkpoint(.rename)
        if Glibc.rename(from, to) != 0 {
            throw OHLCVError(.io(operation: "rename to \(to)", errno: errno), file: from)
        }
    }

    public static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT {
            throw OHLCVError(.io(operation: "unlink", errno: errno), file: path)
        }
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Removes `path` and everything below it, like `rm -rf`; an absent path is fine.
    public static func removeTree(_ path: String) throws {
        if isDirectory(path) {
            for name in listDirectory(path) { try removeTree(path + "/" + name) }
            if rmdir(path) != 0 && errno != ENOENT { throw OHLCVError(.io(operation: "rmdir", errno: errno), file: path) }
        } else {
            try remove(path)
        }
    }

    /// Removes `path` if it is a directory with nothing in it (empty subdirectories count as nothing).
    public static func removeDirectoryIfEmpty(_ path: String) {
        guard isDirectory(path) else { return }
        for name in listDirectory(path) { removeDirectoryIfEmpty(path + "/" + name) }
        _ = rmdir(path)
    }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public static func fileSize(_ path: String) -> Int64? {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : nil
    }

    /// The last modification time of `path`, in nanoseconds since the epoch (runs a second apart must be told
    /// apart); nil if it does not exist.
    public static func modificationTime(_ path: String) -> Int64? {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec) : nil
    }

    /// Creates `path` and its parents, like `mkdir -p`.
    public static func makeDirectories(_ path: String) throws {
        if path.isEmpty || isDirectory(path) { return }
        let parent = directoryName(path)
        if parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0 {
            if errno == EEXIST { return }
            throw OHLCVError(.io(operation: "mkdir", errno: errno), file: path)
        }
        // A new directory's entry lives in its parent: sync it, or files renamed into the new directory
        // could vanish with it after a power cut.
        try syncDirectory(parent)
    }

    /// fsyncs a directory so that a rename in it survives power loss.
    public static func syncDirectory(_ path: String) throws {
        let fd = Glibc.open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw OHLCVError(.io(operation: "open directory", errno: errno), file: path) }
        defer { _ = Glibc.close(fd) }
        try FileDescriptor(rawValue: fd).sync()
    }

    /// Flushes every dirty page of the file system that holds `path` (one call for a whole batch of files).
    public static func syncFileSystem(containing path: String) throws {
        try FaultInjection.checkpoint(.fsync)
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw OHLCVError(.io(operation: "open", errno: errno), file: path) }
        defer { _ = Glibc.close(fd) }
        if linuxSyncfs(fd) != 0 { throw OHLCVError(.io(operation: "syncfs", errno: errno), file: path) }
    }

    public static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    public static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Names in a directory, sorted; an absent directory is empty.
    public static func listDirectory(_ path: String) -> [String] {
        var names: [String] = []
        forEachName(in: path) { names.append(String(decoding: $0, as: UTF8.self)) }
        return names.sorted()
    }

    /// Calls `body` with the bytes of each entry name of `directory` (valid during the call; not "." or ".."),
    /// in the file system's order; an absent directory has none. For listings too large to make a String of
    /// every name (`CachedDays`).
    public static func forEachName(in directory: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard let dir = opendir(directory) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: UInt8.self, capacity: 256) { p in
                    let name = UnsafeBufferPointer(start: p, count: strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self)))
                    if !(name.count <= 2 && name.allSatisfy { $0 == UInt8(ascii: ".") }) { body(name) }
                }
            }
        }
    }

    public static func readAll(_ path: String) throws -> [UInt8] {
        let fd = try FileDescriptor.open(path, .readOnly)
        defer { fd.close() }
        return try withErrorContext(file: path) { try fd.readToEnd() }
    }
}

extension FileDescriptor {
    public func readToEnd() throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0.baseAddress!, count: $0.count) }
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }
}

/// glibc's syncfs(2), which the Glibc module hides behind _GNU_SOURCE.
@_silgen_name("syncfs")
func linuxSyncfs(_ fd: Int32) -> Int32
