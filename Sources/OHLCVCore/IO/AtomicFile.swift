/// Whole-file replacement that a reader never sees half-done: write `name.tmp` in the same directory,
/// fsync it, rename it over `name`, fsync the directory.
public enum AtomicFile {
    public static func temporaryPath(for path: String) -> String { path + ".tmp" }

    public static func replace(_ path: String, with bytes: [UInt8]) throws {
        try replace(path) { out in try out.write(bytes) }
    }

    /// Streams the new content through `body` into the temp file, then commits it.
    public static func replace(_ path: String, _ body: (OutputBuffer) throws -> Void) throws {
        let temp = try writeTemporary(for: path, sync: true, body)
        try FileSystem.rename(temp, to: path)
        try FileSystem.syncDirectory(FileSystem.directoryName(path))
    }

    /// Writes `path.tmp` (its directory created if needed) through `body`, fsyncing it when asked; on any
    /// error the temp file is removed. Returns the temp file's path.
    static func writeTemporary(for path: String, sync: Bool, _ body: (OutputBuffer) throws -> Void) throws -> String {
        try FileSystem.makeDirectories(FileSystem.directoryName(path))
        let temp = temporaryPath(for: path)
        let fd = try FileDescriptor.open(temp, .createTruncate)
        do {
            let out = OutputBuffer(fd: fd)
            try body(out)
            try out.flush()
            if sync { try fd.sync() }
            fd.close()
        } catch {
            fd.close()
            try? FileSystem.remove(temp)
            throw error
        }
        return temp
    }

    /// A stray temp file is the remains of a killed run: it is never read, only removed.
    public static func removeStaleTemporary(for path: String) throws {
        try FileSystem.remove(temporaryPath(for: path))
    }

    /// A tool's output (`-o FILE`, or standard output when `path` is nil): with a path, the whole of `body`'s
    /// output replaces the file atomically (a temp left by a killed run removed first; an error leaves the
    /// file as it was); without one, it streams to stdout through a 1 MiB buffer.
    public static func writeOutput(to path: String?, _ body: (OutputBuffer) throws -> Void) throws {
        if let path {
            try removeStaleTemporary(for: path)
            try replace(path, body)
        } else {
            let out = OutputBuffer(fd: .standardOutput, capacity: 1 << 20)
            try body(out)
            try out.flush()
        }
    }
}

/// Many whole-file replacements with one flush to disk instead of one per file: every file is written to
/// its temp name, then one `syncfs` makes them all durable, then they are renamed, then each directory is
/// synced once. A reader still sees either the old or the new file, never half of one; a crash before the
/// renames leaves only temp files, which the next run overwrites.
public final class AtomicBatch {
    var pending: [(temp: String, target: String)] = []
    public let limit: Int
    /// Small batches (an hourly run's one or two days) fsync each file: `syncfs` would also flush every other
    /// program's dirty data on the file system, which costs more than a few fsyncs.
    public let syncsEachFile: Bool

    public init(limit: Int = 512, expectedCount: Int = .max) {
        self.limit = limit
        syncsEachFile = expectedCount <= 16
    }

    public func replace(_ path: String, _ body: (OutputBuffer) throws -> Void) throws {
        let temp = try AtomicFile.writeTemporary(for: path, sync: syncsEachFile, body)
        pending.append((temp, path))
        if pending.count >= limit { try commit() }
    }

    /// Removes the temp files not yet committed: a failed run leaves nothing behind.
    public func discard() {
        for (temp, _) in pending { try? FileSystem.remove(temp) }
        pending.removeAll()
    }

    public func commit() throws {
        guard let first = pending.first else { return }
        if !syncsEachFile { try FileSystem.syncFileSystem(containing: first.temp) }
        var directories = Set<String>()
        for (temp, target) in pending {
            try FileSystem.rename(temp, to: target)
            directories.insert(FileSystem.directoryName(target))
        }
        for directory in directories.sorted() { try FileSystem.syncDirectory(directory) }
        pending.removeAll(keepingCapacity: true)
    }
}
