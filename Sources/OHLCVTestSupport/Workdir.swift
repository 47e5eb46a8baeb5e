import Foundation
import OHLCVCore

/// A fresh directory per test under $TMPDIR/ohlcv-tests/<name>/<n>, with helpers to write inputs, run the
/// built tools and make, and read results. Output goes to files, never pipes, so nothing can deadlock.
/// The directory is removed first if it exists and kept afterwards for inspection.
public final class Workdir {
    public let path: String
    /// Names this object's run logs (.run-PREFIXN.stdout), so that two objects on one directory never clash.
    let runPrefix: String
    nonisolated(unsafe) static var counter = 0

    public init(_ name: String) {
        Workdir.counter += 1
        let base = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/ohlcv-tests"
        let clean = name.replacingOccurrences(of: "()", with: "").replacingOccurrences(of: " ", with: "_")
        path = "\(base)/\(clean)/\(getpid())-\(Workdir.counter)"
        runPrefix = ""
        try? FileManager.default.removeItem(atPath: path)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    private init(path: String, runPrefix: String) {
        self.path = path
        self.runPrefix = runPrefix
    }

    /// A second handle on the same directory, for running tools from another thread at the same time.
    public static func sharing(_ other: Workdir) -> Workdir {
        counter += 1
        return Workdir(path: other.path, runPrefix: "s\(counter)-")
    }

    /// Removes the directory and everything in it: for tests that make many and keep only a failure's.
    public func discard() { try? FileManager.default.removeItem(atPath: path) }

    public func url(_ relative: String) -> String { relative.hasPrefix("/") ? relative : "\(path)/\(relative)" }

    /// Writes `bytes` to `relative`, making its directories, and returns the full path. Foundation only, so that
    /// tests of the library's own file functions never set up with the code under test.
    @discardableResult
    public func write(_ relative: String, _ bytes: [UInt8]) -> String {
        let full = url(relative)
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        precondition(FileManager.default.createFile(atPath: full, contents: Data(bytes)), "could not write \(full)")
        return full
    }

    @discardableResult
    public func write(_ relative: String, _ text: String) -> String { write(relative, Array(text.utf8)) }

    public func read(_ relative: String) -> [UInt8]? {
        FileManager.default.contents(atPath: url(relative)).map { [UInt8]($0) }
    }

    public func readText(_ relative: String) -> String? { read(relative).map { String(decoding: $0, as: UTF8.self) } }

    public func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: url(relative)) }

    public func remove(_ relative: String) { try? FileManager.default.removeItem(atPath: url(relative)) }

    public func copy(_ from: String, to relative: String) {
        write(relative, [UInt8](FileManager.default.contents(atPath: from)!))
    }

    /// Every regular file below `relative`, as relative paths, sorted.
    public func listing(_ relative: String = "") -> [String] {
        let root = relative.isEmpty ? path : url(relative)
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        var result: [String] = []
        while let item = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(root)/\(item)", isDirectory: &isDir), !isDir.boolValue {
                result.append(item)
            }
        }
        return result.sorted()
    }

    /// Relative path → bytes of every file below `relative`.
    public func snapshot(_ relative: String) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for f in listing(relative) { result[f] = read(relative.isEmpty ? f : "\(relative)/\(f)") }
        return result
    }

    /// Runs a built tool (`ohlcv-<name>`) with the workdir as cwd.
    @discardableResult
    public func run(_ tool: String, _ arguments: [String], stdin: String? = nil,
                    environment: [String: String] = [:]) -> ToolRun {
        runProgram(Binaries.path(of: "ohlcv-\(tool)"), arguments, stdin: stdin, environment: environment)
    }

    /// Runs make on the project's Makefile with the built tools, never rebuilding them.
    @discardableResult
    public func make(_ targets: [String], variables: [String: String] = [:], environment: [String: String] = [:]) -> ToolRun {
        var args = ["--no-print-directory", "-f", Binaries.packageRoot + "/Makefile", "-C", Binaries.packageRoot]
        let vars = ["BIN": Binaries.directory, "NO_BUILD": "1", "CACHE_DIR": url("cache"), "DATA_DIR": url("data"),
                    "SYMBOLS_FILE": url("symbols.txt"), "CONFIG_FILE": url("config.mk")].merging(variables) { $1 }
        args += vars.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        args += targets
        return runProgram("/usr/bin/make", args, environment: environment)
    }

    var runs = 0

    public func runProgram(_ program: String, _ arguments: [String], stdin: String? = nil,
                           environment: [String: String] = [:]) -> ToolRun {
        runs += 1
        let out = "\(path)/.run-\(runPrefix)\(runs).stdout", err = "\(path)/.run-\(runPrefix)\(runs).stderr"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: path)
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OHLCV_") && $0.key != "MAKEFLAGS" && $0.key != "MFLAGS" && $0.key != "MAKELEVEL" }
        env["TERM"] = "dumb"
        for (k, v) in environment { env[k] = v }
        p.environment = env
        p.standardOutput = FileHandle(forWritingAtPath: out)
        p.standardError = FileHandle(forWritingAtPath: err)
        if let stdin { p.standardInput = FileHandle(forReadingAtPath: url(stdin)) } else { p.standardInput = FileHandle.nullDevice }
        try! p.run()
        p.waitUntilExit()
        let status = p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus
        return ToolRun(command: ([program] + arguments).joined(separator: " "), directory: path, status: status,
                       stdout: [UInt8](FileManager.default.contents(atPath: out) ?? Data()),
                       stderr: String(decoding: FileManager.default.contents(atPath: err) ?? Data(), as: UTF8.self))
    }
}

/// What one run did; the failure text shows everything needed to reproduce it.
public struct ToolRun: CustomStringConvertible {
    public let command: String
    public let directory: String
    public let status: Int32
    public let stdout: [UInt8]
    public let stderr: String

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }

    public var description: String {
        "command: \(command)\ncwd: \(directory)\nstatus: \(status)\nstdout: \(stdoutText.prefix(2000))\nstderr: \(stderr.prefix(4000))"
    }
}

/// Where the built tools and the package are.
public enum Binaries {
    public static let packageRoot: String = {
        // .../Sources/OHLCVTestSupport/Workdir.swift → package root
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static let directory: String = {
        if let dir = ProcessInfo.processInfo.environment["OHLCV_BIN_DIR"], !dir.isEmpty { return dir }
        return Bundle.main.bundleURL.path
    }()

    public static func path(of tool: String) -> String { "\(directory)/\(tool)" }
}

/// Real Dukascopy data in ../shared/fixtures, which users' machines do not have: tests that need it skip.
public enum Fixtures {
    public static let root: String = {
        if let dir = ProcessInfo.processInfo.environment["OHLCV_FIXTURES"], !dir.isEmpty { return dir }
        return URL(fileURLWithPath: Binaries.packageRoot).deletingLastPathComponent().path + "/shared/fixtures"
    }()

    public static var isAvailable: Bool { FileManager.default.fileExists(atPath: root + "/README.md") }

    public static func path(_ relative: String) -> String { "\(root)/\(relative)" }
}
