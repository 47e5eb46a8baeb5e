import XCTest
@testable import OHLCVParquet

final class ScaledDecimalTests: XCTestCase {
    /// Expected values are Swift's own correctly rounded text parser on the same decimal text.
    func testEqualsParsingTheDecimalText() {
        let cases: [(Int64, Int, String)] = [
            (114_331_000, 8, "1.14331"), (10_802_731_000_000, 8, "108027.31"), (1, 8, "0.00000001"),
            (9_600, 8, "0.000096"), (-25, 2, "-0.25"), (0, 8, "0"), (7, 0, "7"),
            (12_345_678_912_345_678, 8, "123456789.12345678"),        // > 2^53: slow path
            (9_007_199_254_740_993, 8, "90071992.54740993"),          // 2^53 + 1 digits
            (9_223_372_036_850_000_000, 8, "92233720368.5"),          // trailing zeros stripped
            (Int64.max, 12, "9223372.036854775807"),
        ]
        for (mantissa, scale, text) in cases {
            XCTAssertEqual(ScaledDecimal(scale: scale).double(mantissa).bitPattern, Double(text)!.bitPattern, text)
        }
    }

    func testRandomMantissasMatchTextParsing() {
        var rng = SeededGenerator(seed: 99)
        for _ in 0..<20_000 {
            let scale = Int(rng.next() % 13)
            let mantissa = Int64(bitPattern: rng.next()) >> Int64(rng.next() % 63)
            let digits = String(mantissa.magnitude)
            let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
            let text = (mantissa < 0 ? "-" : "") + padded.dropLast(scale) + "." + padded.suffix(scale)
            XCTAssertEqual(ScaledDecimal(scale: scale).double(mantissa), Double(text)!, "\(mantissa) scale \(scale), seed 99")
        }
    }

    /// Volumes past Int64 (a year at 12 decimals): the Double nearest the exact value, as parsing its
    /// positional text gives; values within Int64 go the Int64 way.
    func testWideMantissasMatchTextParsing() {
        var rng = SeededGenerator(seed: 907)
        for _ in 0..<5_000 {
            let scale = Int(rng.next() % 13)
            let mantissa = (Int128(rng.next() >> (rng.next() % 64)) << 64) | Int128(rng.next())
            let digits = String(mantissa)
            let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
            let text = padded.dropLast(scale) + "." + padded.suffix(scale)
            XCTAssertEqual(ScaledDecimal(scale: scale).double(wide: mantissa), Double(String(text))!, "\(mantissa) scale \(scale), seed 907")
        }
        for m in [Int64.max, 114_331_000, -25, 0] {
            XCTAssertEqual(ScaledDecimal(scale: 12).double(wide: Int128(m)).bitPattern, ScaledDecimal(scale: 12).double(m).bitPattern)
        }
    }
}
