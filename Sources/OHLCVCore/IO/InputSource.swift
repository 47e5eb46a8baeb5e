#if canImport(Glibc)
import Glibc
#endif

/// "-" means standard input; anything else is a path. Every tool opens its inputs this way.
public enum InputSource {
    public static func open(_ path: String) throws -> FileDescriptor {
        path == "-" ? .standardInput : try FileDescriptor.open(path, .readOnly)
    }

    public static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : path }

    /// Whether `path` (opened as `fd`) can be read with pread at any offset: a named regular file. Standard
    /// input, a FIFO and `<(…)` (a pipe behind /dev/fd/N) are read once, front to back.
    public static func isSeekable(_ path: String, _ fd: FileDescriptor) -> Bool {
        guard path != "-" else { return false }
        var st = stat()
        return fstat(fd.rawValue, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }
}
