import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

final class FileDescriptorTests: XCTestCase {
    func testReportsAMissingInputAsNoInput() throws {
        let dir = Workdir(for: self)
        let error = assertThrows(.noInput(path: dir.url("absent.json")), try FileDescriptor.open(dir.url("absent.json"), .readOnly))
        XCTAssertEqual(error?.file, dir.url("absent.json"))
        XCTAssertEqual(error.map { ExitStatus.code(for: $0.kind) }, 66)
    }

    func testReportsOtherOpenFailuresAsIOErrors() throws {
        let dir = Workdir(for: self)
        assertThrows(.io(operation: "open", errno: ENOENT), try FileDescriptor.open(dir.url("no/such/dir/f"), .createTruncate))
        assertThrows(.io(operation: "open", errno: EISDIR), try FileDescriptor.open(dir.path, .readWrite))
    }

    func testReadsWritesTruncatesAndSizes() throws {
        let dir = Workdir(for: self)
        let fd = try FileDescriptor.open(dir.url("f"), .createReadWrite)
        defer { fd.close() }
        try fd.writeAll(Array("hello world\n".utf8))
        XCTAssertEqual(try fd.size(), 12)
        var buffer = [UInt8](repeating: 0, count: 5)
        let n = try buffer.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: 5, at: 6) }
        XCTAssertEqual(n, 5)
        XCTAssertEqual(buffer, Array("world".utf8))
        try fd.truncate(to: 5)
        try fd.sync()
        XCTAssertEqual(dir.read("f"), Array("hello".utf8))
        try fd.seek(to: 0)
        XCTAssertEqual(try fd.readToEnd(), Array("hello".utf8))
        XCTAssertEqual(try buffer.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: 5, at: 100) }, 0)
    }

    func testOpeningForCreationTruncatesOnlyWhenAsked() throws {
        let dir = Workdir(for: self)
        dir.write("f", "keep")
        try FileDescriptor.open(dir.url("f"), .createReadWrite).close()
        XCTAssertEqual(dir.read("f"), Array("keep".utf8))
        try FileDescriptor.open(dir.url("f"), .createTruncate).close()
        XCTAssertEqual(dir.read("f"), [])
    }

    func testSplitsPathsLikeDirnameAndBasename() {
        XCTAssertEqual(FileSystem.directoryName("a/b/c.csv"), "a/b")
        XCTAssertEqual(FileSystem.directoryName("c.csv"), ".")
        XCTAssertEqual(FileSystem.directoryName("/c.csv"), "/")
        XCTAssertEqual(FileSystem.baseName("a/b/c.csv"), "c.csv")
        XCTAssertEqual(FileSystem.baseName("c.csv"), "c.csv")
    }

    func testMakesNestedDirectoriesListsAndRemoves() throws {
        let dir = Workdir(for: self)
        try FileSystem.makeDirectories(dir.url("a/b/c"))
        try FileSystem.makeDirectories(dir.url("a/b/c"))
        XCTAssertTrue(FileSystem.isDirectory(dir.url("a/b/c")))
        dir.write("a/z", "1")
        dir.write("a/m", "22")
        XCTAssertEqual(FileSystem.listDirectory(dir.url("a")), ["b", "m", "z"])
        XCTAssertEqual(FileSystem.listDirectory(dir.url("absent")), [])
        XCTAssertEqual(FileSystem.fileSize(dir.url("a/m")), 2)
        XCTAssertNil(FileSystem.fileSize(dir.url("a/absent")))
        XCTAssertTrue(FileSystem.exists(dir.url("a/z")))
        try FileSystem.remove(dir.url("a/z"))
        try FileSystem.remove(dir.url("a/z"))
        XCTAssertFalse(FileSystem.exists(dir.url("a/z")))
        XCTAssertEqual(try FileSystem.readAll(dir.url("a/m")), Array("22".utf8))
        assertThrows(.noInput(path: dir.url("a/z")), try FileSystem.readAll(dir.url("a/z")))
    }

    func testRenamesOverAnExistingFile() throws {
        let dir = Workdir(for: self)
        dir.write("new", "new")
        dir.write("old", "old")
        try FileSystem.rename(dir.url("new"), to: dir.url("old"))
        XCTAssertEqual(dir.listing(), ["old"])
        XCTAssertEqual(dir.read("old"), Array("new".utf8))
    }
}
