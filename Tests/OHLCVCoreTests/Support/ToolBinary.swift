import Foundation
import XCTest

/// Runs one of the suite's built executables (found through `OHLCV_BIN_DIR`, else beside the test bundle,
/// where `swift test` builds them). The regression tests use it for bugs that crashed the process and so
/// cannot be shown in-process.
enum ToolBinary {
    static func path(_ name: String) throws -> String {
        let dir = ProcessInfo.processInfo.environment["OHLCV_BIN_DIR"] ?? Bundle.main.bundleURL.path
        let path = "\(dir)/\(name)"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw XCTSkip("needs the built \(name), absent at \(path); set OHLCV_BIN_DIR")
        }
        return path
    }

    /// Exit status (128 + signal for a crash) and stderr of one run; stdout and stderr go to files.
    static func run(_ name: String, _ arguments: [String], in directory: String) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(name))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OHLCV_") }
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let stderrPath = "\(directory)/stderr-\(UUID().uuidString.prefix(6)).txt"
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: stderrPath)
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return (status, stderr)
    }
}
