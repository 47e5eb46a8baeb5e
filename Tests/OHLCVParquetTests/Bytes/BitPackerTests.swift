import XCTest
@testable import OHLCVParquet

final class BitPackerTests: XCTestCase {
    func testZeroToSevenAtWidthThreeIsTheSpecExample() {
        let out = ByteBuffer()
        var p = BitPacker(width: 3)
        for v in 0..<8 { p.pack(UInt64(v), into: out) }
        p.flush(into: out)
        XCTAssertEqual(out.array, [0x88, 0xC6, 0xFA])
    }

    func testEveryWidthRoundTrips() {
        var rng = SeededGenerator(seed: 42)
        for width in 0...64 {
            let mask: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
            let values = (0..<64).map { _ in rng.next() & mask }
            let out = ByteBuffer()
            var p = BitPacker(width: width)
            for v in values { p.pack(v, into: out) }
            p.flush(into: out)
            XCTAssertEqual(out.count, 64 * width / 8, "width \(width)")
            var r = ByteReader(out.array)
            XCTAssertEqual(r.unpack(count: 64, width: width), values, "width \(width), seed 42")
        }
    }

    func testBitWidth() {
        XCTAssertEqual(BitPacker.bitWidth(0), 0)
        XCTAssertEqual(BitPacker.bitWidth(1), 1)
        XCTAssertEqual(BitPacker.bitWidth(255), 8)
        XCTAssertEqual(BitPacker.bitWidth(256), 9)
        XCTAssertEqual(BitPacker.bitWidth(.max), 64)
    }
}
