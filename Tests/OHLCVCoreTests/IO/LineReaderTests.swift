import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

final class LineReaderTests: XCTestCase {
    /// Random lines (some empty, some longer than the buffer) and the offset each starts at.
    private func randomLines(_ rng: inout SplitMix64, count: Int) -> ([String], [Int64]) {
        var lines: [String] = [], starts: [Int64] = []
        var offset: Int64 = 0
        for _ in 0..<count {
            let length = Int.random(in: 0..<4, using: &rng) == 0 ? 0 : Int.random(in: 1...90, using: &rng)
            let line = String((0..<length).map { _ in "abcdefghij,.:- 0123456789".randomElement(using: &rng)! })
            lines.append(line)
            starts.append(offset)
            offset += Int64(line.utf8.count + 1)
        }
        starts.append(offset)
        return (lines, starts)
    }

    private func readAll(_ reader: LineReader) throws -> [(String, Int64, Int)] {
        var result: [(String, Int64, Int)] = []
        while true {
            let offset = reader.offset
            guard let line = try reader.nextLine() else { return result }
            result.append((String(decoding: line, as: UTF8.self), offset, reader.lineNumber))
        }
    }

    func testLendsEveryLineWithItsOffsetAndNumberThroughTinyBuffers() throws {
        var rng = seededGenerator(0x5EED_0801)
        let dir = Workdir(for: self)
        for round in 0..<40 {
            let (lines, starts) = randomLines(&rng, count: Int.random(in: 0...150, using: &rng))
            let path = dir.write("f\(round).txt", lines.map { $0 + "\n" }.joined())
            let fd = try FileDescriptor.open(path, .readOnly)
            defer { fd.close() }
            let capacity = Int.random(in: 1...64, using: &rng)
            let got = try readAll(try LineReader(fd: fd, capacity: capacity))
            XCTAssertEqual(got.map(\.0), lines, "capacity \(capacity), seed \(rng.seed)")
            XCTAssertEqual(got.map(\.1), Array(starts.dropLast()), "capacity \(capacity), seed \(rng.seed)")
            XCTAssertEqual(got.map(\.2), lines.indices.map { $0 + 1 })
        }
    }

    func testStartsAtAnOffsetAndNumbersLinesFromTheGivenFirstNumber() throws {
        var rng = seededGenerator(0x5EED_0802)
        let dir = Workdir(for: self)
        let (lines, starts) = randomLines(&rng, count: 120)
        let path = dir.write("f.txt", lines.map { $0 + "\n" }.joined())
        for _ in 0..<40 {
            let k = Int.random(in: 0...lines.count, using: &rng)
            let fd = try FileDescriptor.open(path, .readOnly)
            defer { fd.close() }
            let reader = try LineReader(fd: fd, startOffset: starts[k], capacity: Int.random(in: 1...32, using: &rng),
                                        firstLineNumber: k + 1)
            let got = try readAll(reader)
            XCTAssertEqual(got.map(\.0), Array(lines[k...]), "from line \(k + 1), seed \(rng.seed)")
            XCTAssertEqual(got.map(\.1), Array(starts[k..<lines.count]))
            XCTAssertEqual(got.map(\.2), Array((k + 1)..<(lines.count + 1)))
        }
    }

    func testStopsAtALimitOnALineEnd() throws {
        var rng = seededGenerator(0x5EED_0803)
        let dir = Workdir(for: self)
        let (lines, starts) = randomLines(&rng, count: 80)
        let path = dir.write("f.txt", lines.map { $0 + "\n" }.joined())
        for _ in 0..<40 {
            let k = Int.random(in: 0...lines.count, using: &rng), j = Int.random(in: k...lines.count, using: &rng)
            let fd = try FileDescriptor.open(path, .readOnly)
            defer { fd.close() }
            let reader = try LineReader(fd: fd, startOffset: starts[k], limit: starts[j], capacity: Int.random(in: 1...32, using: &rng))
            XCTAssertEqual(try readAll(reader).map(\.0), Array(lines[k..<j]), "lines \(k)..<\(j), seed \(rng.seed)")
        }
    }

    func testALimitInsideALineIsACutShortLine() throws {
        let dir = Workdir(for: self)
        let fd = try FileDescriptor.open(dir.write("f.txt", "one\ntwo\nthree\n"), .readOnly)
        defer { fd.close() }
        let reader = try LineReader(fd: fd, limit: 10, capacity: 4)
        XCTAssertEqual(try reader.nextLine().map { String(decoding: $0, as: UTF8.self) }, "one")
        XCTAssertEqual(try reader.nextLine().map { String(decoding: $0, as: UTF8.self) }, "two")
        let error = assertThrows(message: "bad CSV: last line has no newline (file cut short?)", try reader.nextLine())
        XCTAssertEqual(error?.line, 3)
    }

    func testReportsALastLineWithoutNewline() throws {
        let dir = Workdir(for: self)
        for capacity in [1, 3, 1 << 20] {
            let fd = try FileDescriptor.open(dir.write("f.txt", "one\ntwo\nthree"), .readOnly)
            defer { fd.close() }
            let reader = try LineReader(fd: fd, capacity: capacity)
            _ = try reader.nextLine(); _ = try reader.nextLine()
            let error = assertThrows(message: "bad CSV: last line has no newline (file cut short?)", try reader.nextLine())
            XCTAssertEqual(error?.line, 3)
        }
    }

    func testAnEmptyFileHasNoLines() throws {
        let dir = Workdir(for: self)
        let fd = try FileDescriptor.open(dir.write("f.txt", ""), .readOnly)
        defer { fd.close() }
        XCTAssertNil(try LineReader(fd: fd, capacity: 8).nextLine())
    }

    func testRefusesALineLongerThanTheMaximum() throws {
        let dir = Workdir(for: self)
        let long = [UInt8](repeating: 0x61, count: LineReader.maximumLineLength + 10) + [0x0A]
        let fd = try FileDescriptor.open(dir.write("f.txt", Array("short\n".utf8) + long), .readOnly)
        defer { fd.close() }
        let reader = try LineReader(fd: fd, capacity: 4096)
        XCTAssertEqual(try reader.nextLine()?.count, 5)
        let error = assertOHLCVError(try reader.nextLine())
        guard let message = badCSVMessage(error) else { return XCTFail(String(describing: error)) }
        XCTAssertTrue(message.hasPrefix("line longer than"), message)
        XCTAssertEqual(error?.line, 2)
    }

    func testGrowsForALineLongerThanItsBufferButWithinTheMaximum() throws {
        let dir = Workdir(for: self)
        let line = String(repeating: "x", count: 100_000)
        let fd = try FileDescriptor.open(dir.write("f.txt", "a\n" + line + "\nb\n"), .readOnly)
        defer { fd.close() }
        XCTAssertEqual(try readAll(try LineReader(fd: fd, capacity: 16)).map(\.0), ["a", line, "b"])
    }
}
