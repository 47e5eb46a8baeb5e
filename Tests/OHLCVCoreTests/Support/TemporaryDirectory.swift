import Foundation
import XCTest

/// A fresh directory under `$TMPDIR/ohlcv-core-tests/` for one test, made and read with Foundation only
/// (never with the code under test). It is removed when the test passes and kept, with its path printed,
/// when it fails.
final class TemporaryDirectory {
    let path: String

    init(for test: XCTestCase, function: String = #function) throws {
        let name = function.filter { $0.isLetter || $0.isNumber }
        path = NSTemporaryDirectory() + "ohlcv-core-tests/\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let path = self.path
        test.addTeardownBlock { [weak test] in
            if let run = test?.testRun, run.totalFailureCount > 0 {
                print("kept the test directory \(path)")
            } else {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }

    func url(_ name: String) -> String { "\(path)/\(name)" }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let target = url(name)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: url(name)))) }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: url(name)) }

    /// Names in the directory `sub` (default: the root), sorted.
    func listing(_ sub: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: sub.isEmpty ? path : url(sub)).sorted()
    }
}
