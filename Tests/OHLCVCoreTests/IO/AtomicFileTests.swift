import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

final class AtomicFileTests: XCTestCase {
    struct Boom: Error {}

    func testCreatesTheFileAndItsDirectoriesAndLeavesNoTemporary() throws {
        let dir = Workdir(for: self)
        try AtomicFile.replace(dir.url("a/b/index.idx"), with: Array("hello\n".utf8))
        XCTAssertEqual(dir.read("a/b/index.idx"), Array("hello\n".utf8))
        XCTAssertEqual(dir.listing("a/b"), ["index.idx"])
    }

    func testReplacesExistingContentWhole() throws {
        let dir = Workdir(for: self)
        let path = dir.write("f", String(repeating: "old content ", count: 1000))
        try AtomicFile.replace(path) { out in
            try out.write("new")
            try out.write([UInt8](repeating: 0x21, count: 100_000))
        }
        XCTAssertEqual(dir.read("f"), Array("new".utf8) + [UInt8](repeating: 0x21, count: 100_000))
        XCTAssertEqual(dir.listing(), ["f"])
    }

    func testAThrowingBodyLeavesTheTargetUntouchedAndNoTemporary() throws {
        let dir = Workdir(for: self)
        let path = dir.write("f", "old")
        XCTAssertThrowsError(try AtomicFile.replace(path) { out in
            try out.write([UInt8](repeating: 0x21, count: 200_000))
            throw Boom()
        }) { XCTAssertTrue($0 is Boom, "the body's own error comes out: \($0)") }
        XCTAssertEqual(dir.read("f"), Array("old".utf8))
        XCTAssertEqual(dir.listing(), ["f"])
    }

    func testAThrowingBodyCreatesNothingWhenThereWasNoTarget() throws {
        let dir = Workdir(for: self)
        XCTAssertThrowsError(try AtomicFile.replace(dir.url("f")) { _ in throw Boom() })
        XCTAssertEqual(dir.listing(), [])
    }

    func testRemovesAStaleTemporaryAndToleratesItsAbsence() throws {
        let dir = Workdir(for: self)
        dir.write("f", "kept")
        dir.write("f.tmp", "half-written")
        XCTAssertEqual(AtomicFile.temporaryPath(for: dir.url("f")), dir.url("f.tmp"))
        try AtomicFile.removeStaleTemporary(for: dir.url("f"))
        XCTAssertEqual(dir.listing(), ["f"])
        XCTAssertNoThrow(try AtomicFile.removeStaleTemporary(for: dir.url("f")))
    }

    func testReportsAnIOErrorWhenTheTemporaryCannotBeCreated() throws {
        let dir = Workdir(for: self)
        let path = dir.write("f", "old")
        try FileManager.default.createDirectory(atPath: dir.url("f.tmp"), withIntermediateDirectories: false)
        let error = assertOHLCVError(try AtomicFile.replace(path, with: Array("new".utf8)))
        guard case .io(operation: "open", errno: EISDIR)? = error?.kind else { return XCTFail(String(describing: error)) }
        XCTAssertEqual(dir.read("f"), Array("old".utf8))
    }
}
