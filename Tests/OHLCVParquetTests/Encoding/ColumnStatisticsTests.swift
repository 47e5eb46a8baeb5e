import XCTest
@testable import OHLCVParquet

final class ColumnStatisticsTests: XCTestCase {
    private func doubles(_ values: [Double]) -> Statistics {
        values.withUnsafeBufferPointer { ColumnStatistics.double($0) }
    }

    func testInt64MinMaxLittleEndian() {
        let s = [Int64(5), -3, 9, 0].withUnsafeBufferPointer { ColumnStatistics.int64($0) }
        XCTAssertEqual(s.minValue, [0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        XCTAssertEqual(s.maxValue, [9, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(s.nullCount, 0)
        XCTAssertNil(s.nanCount)
    }

    func testDoubleMinMaxAreIEEEBitPatterns() {
        let s = doubles([100.5, 100.25, 101.0])
        XCTAssertEqual(s.maxValue, hex("00 00 00 00 00 40 59 40"))
        XCTAssertEqual(s.minValue, hex("00 00 00 00 00 10 59 40"))
        XCTAssertEqual(s.nanCount, 0)
    }

    func testNaNIsSkippedAndCounted() {
        let s = doubles([.nan, 2.0, -1.0, .nan])
        XCTAssertEqual(s.minValue, Plain.bytes(-1.0))
        XCTAssertEqual(s.maxValue, Plain.bytes(2.0))
        XCTAssertEqual(s.nanCount, 2)
    }

    func testAllNaNHasNoMinMax() {
        let s = doubles([.nan, .nan])
        XCTAssertNil(s.minValue)
        XCTAssertNil(s.maxValue)
        XCTAssertEqual(s.nanCount, 2)
    }

    func testZeroMinIsNegativeZeroAndZeroMaxIsPositiveZero() {
        let s = doubles([0.0, 0.0])
        XCTAssertEqual(s.minValue, hex("00 00 00 00 00 00 00 80"))
        XCTAssertEqual(s.maxValue, hex("00 00 00 00 00 00 00 00"))
        let t = doubles([-0.0, -5.0, -0.0])
        XCTAssertEqual(t.maxValue, hex("00 00 00 00 00 00 00 00"))
        XCTAssertEqual(t.minValue, Plain.bytes(-5.0))
    }
}
