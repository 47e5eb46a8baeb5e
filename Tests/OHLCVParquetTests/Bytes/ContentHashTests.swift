import XCTest
@testable import OHLCVParquet

final class ContentHashTests: XCTestCase {
    func testChunkingDoesNotChangeTheValue() {
        var rng = SeededGenerator(seed: 5)
        let bytes = (0..<10_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let whole = ContentHash.of(bytes)
        for chunk in [1, 3, 31, 32, 33, 1000] {
            var h = ContentHash()
            var i = 0
            while i < bytes.count { h.update(Array(bytes[i..<min(i + chunk, bytes.count)])); i += chunk }
            XCTAssertEqual(h.value, whole, "chunk \(chunk)")
        }
    }

    func testAnyOneBitFlipOrLengthChangeChangesTheValue() {
        let bytes = Array("2025-11-26 00:00:00,1.15648,1.16021,1.1547,1.16017,108027.31\n".utf8)
        let base = ContentHash.of(bytes)
        var seen: Set<UInt64> = [base]
        for i in 0..<bytes.count {
            for bit in 0..<8 {
                var b = bytes
                b[i] ^= 1 << UInt8(bit)
                seen.insert(ContentHash.of(b))
            }
        }
        XCTAssertEqual(seen.count, 1 + bytes.count * 8)
        XCTAssertNotEqual(ContentHash.of(bytes + [0]), base)
        XCTAssertNotEqual(ContentHash.of([]), ContentHash.of([0]))
    }
}
