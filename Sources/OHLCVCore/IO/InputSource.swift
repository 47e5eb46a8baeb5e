/// "-" means standard input; anything else is a path. Every tool opens its inputs this way.
public enum InputSource {
    public static func open(_ path: String) throws -> FileDescriptor {
        path == "-" ? .standardInput : try FileDescriptor.open(path, .readOnly)
    }

    public static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : path }
}
