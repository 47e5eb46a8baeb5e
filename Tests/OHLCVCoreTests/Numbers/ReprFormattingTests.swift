import Foundation
@testable import OHLCVCore
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

    /// Issue #14: positive positional values take a table-driven writer. At every scale, on both sides of every
    /// power of ten and of the exponent-form limits, it must write what the general writer writes.
    func testThePositionalFastPathWritesWhatTheGeneralWriterWrites() {
        var rng = seededGenerator(0x5EED_1401)
        for scale in 0...18 {
            var values: [Int64] = [1, 2, 9, Int64.max, Int64.max - 1]
            for k in 0...18 {
                let p = Powers.ten(k)
                values += [p - 1, p, p + 1, p * 5, p + p / 2]
            }
            for _ in 0..<2_000 { values.append(Int64.random(in: 1...Int64.max, using: &rng) >> Int64.random(in: 0...62, using: &rng)) }
            for value in values where value > 0 {
                var fast = [UInt8](repeating: 0, count: ReprFormatting.maximumLength)
                var general = [UInt8](repeating: 0, count: ReprFormatting.maximumLength)
                let n = fast.withUnsafeMutableBufferPointer { ReprFormatting.write(value, scale: scale, to: $0.baseAddress!) }
                let g = general.withUnsafeMutableBufferPointer {
                    ReprFormatting.writeGeneral(negative: false, magnitude: value.magnitude, scale: scale, to: $0.baseAddress!)
                }
                XCTAssertEqual(String(decoding: fast[..<n], as: UTF8.self), String(decoding: general[..<g], as: UTF8.self),
                               "\(value) at scale \(scale)")
            }
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

    // MARK: wide (Int128) values, issue #9 item 5

    /// Every value an Int64 holds is written the same through the wide entry point: output stays
    /// byte-identical for all existing files.
    func testWideValuesThatFitInt64AreWrittenAsTheInt64Path() {
        var rng = seededGenerator(0x5EED_0907)
        for _ in 0..<20_000 {
            let scale = Int.random(in: 0...12, using: &rng)
            let value = Int64(bitPattern: rng.next()) >> Int64.random(in: 0...63, using: &rng)
            XCTAssertEqual(ReprFormatting.string(wide: Int128(value), scale: scale), ReprFormatting.string(value, scale: scale),
                           "\(value) at \(scale), seed \(rng.seed)")
        }
        for value in [Int64.max, Int64.min, Int64.max - 1, Int64.min + 1, 0] {
            XCTAssertEqual(ReprFormatting.string(wide: Int128(value), scale: 12), ReprFormatting.string(value, scale: 12))
        }
    }

    func testWritesValuesPastInt64WithEveryDigit() {
        let cases: [(Int128, String)] = [
            (Int128(Int64.max) + 1, "9223372.036854775808"),                        // one past Int64 at 12 decimals
            (Int128(10_853_010) * 1_000_000_000_000, "10853010.0"),                 // case 07's 1Y volume
            (Int128(73_000_000_000) * 1_000_000_000_000, "73000000000.0"),          // 1e7 a day for 7300 days
            (Int128(73_000_000_000) * 1_000_000_000_000 + 123_456_789_012, "73000000000.123456789012"),
            (Int128(1) * 10_000_000_000_000_000 * 1_000_000_000_000, "1e+16"),      // repr's exponent form from 1e16
            (Int128(12_345_678_901_234_567) * 1_000_000_000_000 + 890_123, "1.2345678901234567000000890123e+16"),
            (-(Int128(Int64.max) + 2), "-9223372.036854775809"),
            (Int128.max, "1.70141183460469231731687303715884105727e+26"),
        ]
        for (value, text) in cases {
            XCTAssertEqual(ReprFormatting.string(wide: value, scale: 12), text, "\(value)")
            // The text is the value: Foundation reads it back exactly.
            XCTAssertEqual(DecimalOracle.parse(text), DecimalOracle.value(wideUnits: value, scale: 12), text)
            XCTAssertLessThanOrEqual(text.utf8.count, ReprFormatting.maximumWideLength)
        }
        XCTAssertLessThanOrEqual(ReprFormatting.string(wide: Int128.min + 1, scale: 0).utf8.count, ReprFormatting.maximumWideLength)
    }
}
