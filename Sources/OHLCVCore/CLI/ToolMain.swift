#if canImport(Glibc)
import Glibc
#endif

/// The one `main` of every tool: --help, --version, argument parsing, the ABORT line and the exit status.
public enum ToolMain {
    public static let version = "1.0.0"

    public static func run<S: Stage>(_ stage: S.Type, arguments: [String] = CommandLine.arguments) -> Never {
        signal(SIGPIPE, SIG_IGN)
        let argv = Array(arguments.dropFirst())
        if argv.contains("--help") || argv.contains("-h") {
            printOut(S.usage + "\n\n" + ExitStatus.helpTable(forTool: S.name) + "\n")
            exit(ExitStatus.success)
        }
        if argv.contains("--version") {
            printOut("ohlcv-\(S.name) \(version)\n")
            exit(ExitStatus.success)
        }
        FaultInjection.activate(stage: S.name)
        do {
            let raw = try RawArguments(argv, valued: S.valuedOptions, flags: S.flagOptions, short: S.shortOptions)
            let options = try S.options(from: raw)
            try S.run(options)
            exit(ExitStatus.success)
        } catch is BrokenPipe {
            exit(ExitStatus.success)
        } catch var error as OHLCVError {
            if error.stage == nil { error.stage = S.name }
            Terminal.endProgressLine()
            printError(error.description + "\n")
            exit(ExitStatus.code(for: error.kind))
        } catch {
            Terminal.endProgressLine()
            printError("ABORT! Critical error in \(S.name): internal error: \(error)\n")
            exit(ExitStatus.software)
        }
    }

    public static func printOut(_ text: String) {
        try? FileDescriptor.standardOutput.writeAll(Array(text.utf8))
    }

    public static func printError(_ text: String) {
        try? FileDescriptor.standardError.writeAll(Array(text.utf8))
    }
}
