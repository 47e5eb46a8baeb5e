import Foundation
import XCTest

/// The real Dukascopy payloads in `../shared/fixtures/` beside the package root. Tests that need them skip,
/// with a message, when the folder is absent (on a user's machine, for example).
enum Fixtures {
    static let directory: String = {
        // This file is Tests/OHLCVCoreTests/Support/Fixtures.swift: the package root is three levels up.
        let root = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("../shared/fixtures").standardized.path
    }()

    /// The absolute path of a fixture; skips the calling test when it is absent.
    static func path(_ relative: String) throws -> String {
        let path = "\(directory)/\(relative)"
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("needs the shared fixtures, which are absent: \(path) (see ../shared/fixtures/README.md)")
        }
        return path
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: try path(relative))))
    }

    static func text(_ relative: String) throws -> String { String(decoding: try bytes(relative), as: UTF8.self) }
}
