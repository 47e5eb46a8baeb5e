import XCTest
@testable import OHLCVParquet

final class ByteBufferTests: XCTestCase {
    private func varint(_ v: UInt64) -> [UInt8] { let b = ByteBuffer(); b.appendVarint(v); return b.array }
    private func zigzagVarint(_ v: Int64) -> [UInt8] { let b = ByteBuffer(); b.appendZigzagVarint(v); return b.array }

    func testVarintMatchesTheThriftSpecExamples() {
        XCTAssertEqual(varint(0), [0x00])
        XCTAssertEqual(varint(127), [0x7F])
        XCTAssertEqual(varint(128), [0x80, 0x01])
        XCTAssertEqual(varint(300), [0xAC, 0x02])
        XCTAssertEqual(varint(50399), [0xDF, 0x89, 0x03])
        XCTAssertEqual(varint(UInt64.max), [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
    }

    func testZigzagMapsSignedToUnsignedAlternately() {
        XCTAssertEqual([0, -1, 1, -2, 2].map { Zigzag.encode($0) }, [0, 1, 2, 3, 4])
        XCTAssertEqual(Zigzag.encode(Int64.max), UInt64.max - 1)
        XCTAssertEqual(Zigzag.encode(Int64.min), UInt64.max)
        for v: Int64 in [0, 1, -1, 12345, -98765, .max, .min] { XCTAssertEqual(Zigzag.decode(Zigzag.encode(v)), v) }
    }

    func testZigzagVarintsFromTheGuide() {
        XCTAssertEqual(zigzagVarint(1_000_000), [0x80, 0x89, 0x7A])
        XCTAssertEqual(zigzagVarint(60000), [0xC0, 0xA9, 0x07])
        XCTAssertEqual(zigzagVarint(1_577_836_800_000), [0x80, 0xA0, 0xB7, 0xE6, 0xEB, 0x5B])
    }

    func testLittleEndianAndGrowthKeepEarlierBytes() {
        let b = ByteBuffer(capacity: 1)
        b.appendLittleEndian(UInt32(0x0102_0304))
        for i in 0..<1000 { b.append(UInt8(i & 0xFF)) }
        b.appendLittleEndian(UInt64(0x1122_3344_5566_7788))
        XCTAssertEqual(b.count, 4 + 1000 + 8)
        XCTAssertEqual(Array(b.array.prefix(4)), [4, 3, 2, 1])
        XCTAssertEqual(b.array[4 + 999], UInt8(999 & 0xFF))
        XCTAssertEqual(Array(b.array.suffix(8)), [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11])
    }
}
