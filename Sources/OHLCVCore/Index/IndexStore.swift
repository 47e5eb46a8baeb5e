#if canImport(Glibc)
import Glibc
#endif

/// Reads and writes index files: `DIR/index/SYM.idx` beside `DIR/SYM.csv`.
public enum IndexStore {
    public static func path(forCSV csv: String) -> String {
        let dir = FileSystem.directoryName(csv)
        var base = FileSystem.baseName(csv)
        if base.hasSuffix(".csv") { base.removeLast(4) }
        return "\(dir)/index/\(base).idx"
    }

    /// nil when there is no index yet.
    public static func load(_ path: String) throws -> StageIndex? {
        guard FileSystem.exists(path) else { return nil }
        return try withErrorContext(file: path) { try StageIndex(parsing: try FileSystem.readAll(path)) }
    }

    /// Writes atomically, and not at all when the content is unchanged (so its mtime stays still).
    public static func store(_ index: StageIndex, at path: String, previous: StageIndex?) throws {
        if let previous, previous == index { return }
        try withErrorContext(file: path) { try AtomicFile.replace(path, with: index.serialized()) }
    }

    public static func newLineage() -> String {
        var bytes = [UInt8](repeating: 0, count: 8)
        let fd = Glibc.open("/dev/urandom", O_RDONLY)
        if fd >= 0 { _ = Glibc.read(fd, &bytes, 8); _ = Glibc.close(fd) }
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let mixed = bytes.withUnsafeBytes { $0.load(as: UInt64.self) } ^ UInt64(bitPattern: Int64(ts.tv_nsec)) ^ UInt64(getpid())
        let hex = String(mixed, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
