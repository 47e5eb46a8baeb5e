import Foundation
import OHLCVCore
import XCTest

final class ReprFormattingTests: XCTestCase {
    func testWritesTheSpecExamples() {
        XCTAssertEqual(ReprFormatting.string(9600, scale: 8), "9.6e-05")
        XCTAssertEqual(ReprFormatting.string(1000, scale: 8), "1e-05")
        XCTAssertEqual(ReprFormatting.string(1, scale: 5), "1e-05")
        XCTAssertEqual(ReprFormatting.string(200_000_000, scale: 8), "2.0")
        XCTAssertEqual(ReprFormatting.string(2, scale: 0), "2.0")
        XCTAssertEqual(ReprFormatting.string(0, scale: 8), "0.0")
        XCTAssertEqual(ReprFormatting.string(0, scale: 0), "0.0")
        XCTAssertEqual(ReprFormatting.string(114_331_000, scale: 8), "1.14331")
        XCTAssertEqual(ReprFormatting.string(10_802_731_000_000, scale: 8), "108027.31")
        XCTAssertEqual(ReprFormatting.string(19_710_000_000, scale: 8), "197.1")
        XCTAssertEqual(ReprFormatting.string(2_700_000_000, scale: 8), "27.0")
    }

    func testWritesPositionalFromOneTenThousandthUp() {
        XCTAssertEqual(ReprFormatting.string(12345, scale: 8), "0.00012345")
        XCTAssertEqual(ReprFormatting.string(10000, scale: 8), "0.0001")
        XCTAssertEqual(ReprFormatting.string(1, scale: 4), "0.0001")
        XCTAssertEqual(ReprFormatting.string(100_000, scale: 8), "0.001")
        XCTAssertEqual(ReprFormatting.string(99_999_999, scale: 8), "0.99999999")
    }

    func testWritesExponentFormBelowOneTenThousandth() {
        XCTAssertEqual(ReprFormatting.string(99_999_999, scale: 12), "9.9999999e-05")
        XCTAssertEqual(ReprFormatting.string(9999, scale: 8), "9.999e-05")
        XCTAssertEqual(ReprFormatting.string(1, scale: 8), "1e-08")
        XCTAssertEqual(ReprFormatting.string(1, scale: 12), "1e-12")
        XCTAssertEqual(ReprFormatting.string(846, scale: 7), "8.46e-05")
        XCTAssertEqual(ReprFormatting.string(123_456_789, scale: 18), "1.23456789e-10")
    }

    func testWritesLargeValuesPositionallyBelowTenToTheSixteenth() {
        XCTAssertEqual(ReprFormatting.string(123_456_789_012_345, scale: 0), "123456789012345.0")
        XCTAssertEqual(ReprFormatting.string(1_000_000_000_000_000, scale: 0), "1000000000000000.0")
        XCTAssertEqual(ReprFormatting.string(999_999_999_999_999, scale: 0), "999999999999999.0")
        XCTAssertEqual(ReprFormatting.string(12_345_678_901_234_567, scale: 8), "123456789.01234567")
        XCTAssertEqual(ReprFormatting.string(10_000_000_000_000_000, scale: 0), "1e+16")
        XCTAssertEqual(ReprFormatting.string(12_000_000_000_000_000, scale: 0), "1.2e+16")
    }

    func testWritesNegativesWithALeadingMinus() {
        XCTAssertEqual(ReprFormatting.string(-9600, scale: 8), "-9.6e-05")
        XCTAssertEqual(ReprFormatting.string(-150_000_000, scale: 8), "-1.5")
        XCTAssertEqual(ReprFormatting.string(-12345, scale: 8), "-0.00012345")
        XCTAssertEqual(ReprFormatting.string(-3, scale: 0), "-3.0")
        XCTAssertEqual(ReprFormatting.string(-37_63, scale: 2), "-37.63")
    }

    func testHandsOutNoMoreThanTheAdvertisedMaximumLength() {
        for (value, scale) in [(Int64.min, 0), (Int64.max, 0), (Int64.min, 12), (Int64.max, 18), (Int64.min + 1, 19)] {
            XCTAssertLessThanOrEqual(ReprFormatting.string(value, scale: scale).utf8.count, ReprFormatting.maximumLength)
        }
    }

    func testSwiftsShortestDoubleTextIsAValidOracle() {
        // The property test below trusts Swift's Double.description to print what Python's repr prints.
        XCTAssertEqual((1e-05).description, "1e-05")
        XCTAssertEqual((9.6e-05).description, "9.6e-05")
        XCTAssertEqual((1e16).description, "1e+16")
        XCTAssertEqual((0.0001).description, "0.0001")
        XCTAssertEqual((2.0).description, "2.0")
        XCTAssertEqual((108027.31).description, "108027.31")
    }

    /// For up to 15 significant digits the double nearest to the decimal value prints back as those digits,
    /// so Python's repr (and Swift's description) of `Double(m) / 10^scale` is the expected text.
    func testMatchesTheReprOfTheSameDoubleForFifteenSignificantDigits() {
        var rng = seededGenerator(0x5EED_0101)
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...15, using: &rng)
            var m = Int64.random(in: 0..<Powers.ten(digits), using: &rng)
            if Int.random(in: 0..<4, using: &rng) == 0 {   // more trailing zeros than chance gives
                m = m / Powers.ten(digits / 2) * Powers.ten(digits / 2)
            }
            if Bool.random(using: &rng) { m = -m }
            let scale = Int.random(in: 0...12, using: &rng)
            let expected = m == 0 ? "0.0" : (Double(m) / Double("1e\(scale)")!).description
            XCTAssertEqual(ReprFormatting.string(m, scale: scale), expected, "\(m) at scale \(scale), seed \(rng.seed)")
        }
    }

    func testWriteReturnsTheByteCountAndTouchesNothingAfterIt() {
        var bytes = [UInt8](repeating: 0xFF, count: 40)
        let n = bytes.withUnsafeMutableBufferPointer { ReprFormatting.write(-9600, scale: 8, to: $0.baseAddress! + 2) }
        XCTAssertEqual(n, 8)
        XCTAssertEqual(Array(bytes[2..<10]), Array("-9.6e-05".utf8))
        XCTAssertEqual(bytes[0..<2], [0xFF, 0xFF])
        XCTAssertTrue(bytes[10...].allSatisfy { $0 == 0xFF })
    }
}
