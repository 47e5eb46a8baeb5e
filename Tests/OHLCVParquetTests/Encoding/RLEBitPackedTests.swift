import XCTest
@testable import OHLCVParquet

final class RLEBitPackedTests: XCTestCase {
    private func encode(_ values: [UInt32], width: Int) -> [UInt8] {
        let out = ByteBuffer()
        values.withUnsafeBufferPointer { RLEBitPacked.encode($0, bitWidth: width, into: out) }
        return out.array
    }

    /// GUIDE §4.3, pyarrow's bytes for indices [0,1,0,2,1] at width 2 (after the width byte).
    func testShortInputIsOneBitPackedGroup() {
        XCTAssertEqual(encode([0, 1, 0, 2, 1], width: 2), hex("03 84 01"))
    }

    /// GUIDE §4.3: 100 copies of one value at width 1.
    func testLongRepeatIsOneRLERun() {
        XCTAssertEqual(encode(Array(repeating: 0, count: 100), width: 1), hex("c8 01 00"))
    }

    func testRLEValueTakesWholeBytesOfTheWidth() {
        // 10 × 0x1234 at width 13: header zz? no: varint(10 << 1) = 0x14, value in 2 bytes LE.
        XCTAssertEqual(encode(Array(repeating: 0x1234, count: 10), width: 13), hex("14 34 12"))
    }

    func testPendingValuesBorrowFromARunToFillAGroup() {
        // 3 distinct values then 20 sevens: 5 sevens join the group of 8, the other 15 form an RLE run.
        let values: [UInt32] = [1, 2, 3] + Array(repeating: 7, count: 20)
        let bytes = encode(values, width: 3)
        var r = ByteReader(bytes)
        XCTAssertEqual(r.varint(), 1 << 1 | 1)                      // one bit-packed group
        XCTAssertEqual(r.unpack(count: 8, width: 3), [1, 2, 3, 7, 7, 7, 7, 7])
        XCTAssertEqual(r.varint(), 15 << 1)                         // RLE run of 15
        XCTAssertEqual(r.byte(), 7)
        XCTAssertEqual(r.position, bytes.count)
    }

    func testBitPackedRunsAreSplitAt63Groups() {
        let values = (0..<(64 * 8)).map { UInt32($0 % 2) }
        let bytes = encode(values, width: 1)
        XCTAssertEqual(bytes[0], UInt8(63 << 1 | 1))
        XCTAssertEqual(bytes[1 + 63], UInt8(1 << 1 | 1))
        XCTAssertEqual(bytes.count, 1 + 63 + 1 + 1)
        XCTAssertEqual(TestDecoders.rleBitPacked(bytes, bitWidth: 1, count: values.count), values)
    }

    func testRandomIndicesRoundTrip() {
        for seed in UInt64(1)...40 {
            var rng = SeededGenerator(seed: seed)
            let width = Int(rng.next() % 20) + 1
            let count = Int(rng.next() % 3000) + 1
            var values: [UInt32] = []
            while values.count < count {
                let v = UInt32(truncatingIfNeeded: rng.next()) & UInt32((1 << width) - 1)
                let repeats = rng.next() % 4 == 0 ? Int(rng.next() % 40) + 1 : 1
                values.append(contentsOf: repeatElement(v, count: min(repeats, count - values.count)))
            }
            let bytes = encode(values, width: width)
            XCTAssertEqual(TestDecoders.rleBitPacked(bytes, bitWidth: width, count: count), values, "seed \(seed)")
        }
    }
}
