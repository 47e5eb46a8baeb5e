/// Whole-file replacement that a reader never sees half-done: write `name.tmp` in the same directory,
/// fsync it, rename it over `name`, fsync the directory.
public enum AtomicFile {
    public static func temporaryPath(for path: String) -> String { path + ".tmp" }

    public static func replace(_ path: String, with bytes: [UInt8]) throws {
        try replace(path) { out in try out.write(bytes) }
    }

    /// Streams the new content through `body` into the temp file, then commits it.
    public static func replace(_ path: String, _ body: (OutputBuffer) throws -> Void) throws {
        let directory = FileSystem.directoryName(path)
        try FileSystem.makeDirectories(directory)
        let temp = temporaryPath(for: path)
        let fd = try FileDescriptor.open(temp, .createTruncate)
        do {
            let out = OutputBuffer(fd: fd)
            try body(out)
            try out.flush()
            try fd.sync()
            fd.close()
        } catch {
            fd.close()
            try? FileSystem.remove(temp)
            throw error
        }
        try FileSystem.rename(temp, to: path)
        try FileSystem.syncDirectory(directory)
    }

    /// A stray temp file is the remains of a killed run: it is never read, only removed.
    public static func removeStaleTemporary(for path: String) throws {
        try FileSystem.remove(temporaryPath(for: path))
    }
}
