import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

final class OutputBufferTests: XCTestCase {
    func testWritesEveryByteInOrderThroughASmallBufferAndCountsThem() throws {
        var rng = seededGenerator(0x5EED_0901)
        let dir = Workdir(for: self)
        for round in 0..<30 {
            let capacity = Int.random(in: 1...64, using: &rng)
            let fd = try FileDescriptor.open(dir.url("o\(round)"), .createTruncate)
            let start = Int64.random(in: 0...1000, using: &rng)
            let out = OutputBuffer(fd: fd, startingAt: start, capacity: capacity)
            var expected: [UInt8] = []
            for _ in 0..<200 {
                switch Int.random(in: 0..<3, using: &rng) {
                case 0:
                    let bytes = (0..<Int.random(in: 0...(3 * capacity), using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                    try out.write(bytes)
                    expected += bytes
                case 1:
                    let text = String(repeating: "é", count: Int.random(in: 0...10, using: &rng))
                    try out.write(text)
                    expected += Array(text.utf8)
                default:
                    let n = Int.random(in: 0...capacity, using: &rng)
                    let p = try out.reserve(n)
                    let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
                    for (i, b) in bytes.enumerated() { p[i] = b }
                    out.advance(by: n)
                    expected += bytes
                }
                XCTAssertEqual(out.position, start + Int64(expected.count), "seed \(rng.seed)")
            }
            try out.flush()
            try out.flush()
            fd.close()
            XCTAssertEqual(dir.read("o\(round)"), expected, "capacity \(capacity), seed \(rng.seed)")
        }
    }

    func testKeepsBytesUntilFlushed() throws {
        let dir = Workdir(for: self)
        let fd = try FileDescriptor.open(dir.url("o"), .createTruncate)
        defer { fd.close() }
        let out = OutputBuffer(fd: fd, capacity: 64)
        try out.write("abc")
        XCTAssertEqual(dir.read("o"), [], "block-buffered: nothing written yet")
        try out.flush()
        XCTAssertEqual(dir.read("o"), Array("abc".utf8))
    }
}
