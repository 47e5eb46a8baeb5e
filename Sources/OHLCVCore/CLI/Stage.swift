/// One tool of the suite: its help text, the options it validates from the raw command line, and `run`.
public protocol Stage {
    associatedtype Options
    static var name: String { get }
    /// The complete --help text: every flag, its default, and the exit statuses.
    static var usage: String { get }
    static var valuedOptions: Set<String> { get }
    static var flagOptions: Set<String> { get }
    /// One-letter spellings of long options (`-o` for `--output`); none unless a stage declares them.
    static var shortOptions: [Character: String] { get }
    static func options(from raw: RawArguments) throws -> Options
    static func run(_ options: Options) throws
}

extension Stage {
    public static var shortOptions: [Character: String] { [:] }
}
