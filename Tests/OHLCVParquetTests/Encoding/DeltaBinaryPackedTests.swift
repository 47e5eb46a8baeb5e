import XCTest
@testable import OHLCVParquet

final class DeltaBinaryPackedTests: XCTestCase {
    private func encode(_ values: [Int64]) -> [UInt8] {
        let out = ByteBuffer()
        values.withUnsafeBufferPointer { DeltaBinaryPacked.encode($0, into: out) }
        return out.array
    }

    /// Parquet Encodings.md example (GUIDE §4.4): 1,2,3,4,5 with block 128 / 4 miniblocks.
    func testSpecExample() {
        XCTAssertEqual(encode([1, 2, 3, 4, 5]), hex("80 01 04 05 02 02 00 00 00 00"))
    }

    func testSingleValueIsHeaderOnly() {
        XCTAssertEqual(encode([7]), hex("80 01 04 01 0e"))
    }

    /// A constant 60 s step costs 7 bytes per block of 128: minDelta 60000 and four zero widths.
    func testConstantMinuteStepIsSevenBytesPerBlock() {
        let values = (0..<257).map { Int64(1_577_836_800_000) + Int64($0) * 60_000 }
        let block = hex("c0 a9 07 00 00 00 00")
        XCTAssertEqual(encode(values), hex("80 01 04 81 02 80 a0 b7 e6 eb 5b") + block + block)
    }

    func testOneGapMakesOneMiniblockWide() {
        var values = (0..<129).map { Int64($0) * 60 }
        for i in 40..<129 { values[i] += 3600 }              // one jump of an hour after value 39
        let bytes = encode(values)
        // header 80 01 04 81 01 00; block: minDelta zz(60) = 78, widths [0, 12, 0, 0], one 32×12-bit body
        XCTAssertEqual(Array(bytes.prefix(11)), hex("80 01 04 81 01 00 78 00 0c 00 00"))
        XCTAssertEqual(bytes.count, 11 + 32 * 12 / 8)
        XCTAssertEqual(TestDecoders.deltaBinaryPacked(bytes).values, values)
    }

    func testEdgeCountsAndExtremesRoundTrip() {
        for n in [1, 2, 31, 32, 33, 127, 128, 129, 255, 256, 257, 5000] {
            let values = (0..<n).map { Int64($0 * $0) - 40_000 }
            let bytes = encode(values)
            let decoded = TestDecoders.deltaBinaryPacked(bytes)
            XCTAssertEqual(decoded.values, values, "n = \(n)")
            XCTAssertEqual(decoded.end, bytes.count, "n = \(n): trailing bytes")
        }
        let extremes: [Int64] = [.max, .min, 0, .max, -1, .min, .min, .max]
        XCTAssertEqual(TestDecoders.deltaBinaryPacked(encode(extremes)).values, extremes)
    }

    func testRandomSeriesRoundTrip() {
        for seed in UInt64(1)...30 {
            var rng = SeededGenerator(seed: seed)
            let n = Int(rng.next() % 2000) + 1
            var t = Int64(bitPattern: rng.next() >> 20)
            let values: [Int64] = (0..<n).map { _ in
                t = t &+ (rng.next() % 10 == 0 ? Int64(rng.next() % 1_000_000) : 60_000)
                return t
            }
            let bytes = encode(values)
            let decoded = TestDecoders.deltaBinaryPacked(bytes)
            XCTAssertEqual(decoded.values, values, "seed \(seed)")
            XCTAssertEqual(decoded.end, bytes.count, "seed \(seed)")
        }
    }
}
