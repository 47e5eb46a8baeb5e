import Foundation
import OHLCVCore
import XCTest

final class DecimalTextTests: XCTestCase {
    /// The parsed value as a Foundation Decimal, so that tests pin values, not one representation of them.
    private func parsedValue(_ text: String) -> Decimal? {
        guard let (significand, exponent) = DecimalText.parse(text) else { return nil }
        return Decimal(significand) * Decimal(sign: .plus, exponent: exponent, significand: 1)
    }

    func testParsesTheNumberFormsThePayloadsUse() {
        for text in ["1.0E-5", "8.46E-4", "197.1", "27.0", "-3", "1e+2", "0.001062", "9.6e-05", "1.14331",
                     "24599.3", "0.1", "0.001", "60000", "1783641600000", "-0.5", "0", "-0", "0.0", "1E2",
                     "123456789012345678", "0.000000000000000000000001"] {
            XCTAssertEqual(parsedValue(text), DecimalOracle.parse(text), "parsing '\(text)'")
        }
    }

    func testKeepsEighteenSignificantDigitsExactly() {
        XCTAssertEqual(parsedValue("-999999999999999999"), DecimalOracle.parse("-999999999999999999"))
        XCTAssertEqual(parsedValue("0.000123456789012345678"), DecimalOracle.parse("0.000123456789012345678"))
        XCTAssertEqual(parsedValue("00000000000000000000001.5"), DecimalOracle.parse("1.5"), "leading zeros are not significant")
    }

    func testRejectsTextThatIsNotAPlainDecimalNumber() {
        for text in ["1.2.3", "e5", "", "--1", "-", "+", ".", "1e", "1e+", "1e-", "E5", "1x", " 1", "1 ", "0x10",
                     "nan", "inf", "1,5", "+-1", "1e5.5", "1e--5", "1.5e2e3", "١", "\"1\"", "null"] {
            XCTAssertNil(DecimalText.parse(text), "'\(text)' must be refused")
        }
    }

    func testRejectsNineteenOrMoreSignificantDigits() {
        XCTAssertNil(DecimalText.parse("1234567890123456789"))
        XCTAssertNil(DecimalText.parse("1.234567890123456789"))
        XCTAssertNil(DecimalText.parse("0.0001234567890123456789"))
        XCTAssertNil(DecimalText.parse("99999999999999999999999"))
    }

    func testRejectsAbsurdExponents() {
        XCTAssertNil(DecimalText.parse("1e999"))
        XCTAssertNil(DecimalText.parse("1e-99999999999999999999"))
    }

    // MARK: scaled

    private func scaled(_ text: String, _ scale: Int) -> Int64? {
        guard let (s, e) = DecimalText.parse(text) else { XCTFail("cannot parse '\(text)'"); return nil }
        return DecimalText.scaled(s, exponent: e, scale: scale)
    }

    func testScaledRoundsTiesToEvenForBothSigns() {
        XCTAssertEqual(scaled("0.125", 2), 12)
        XCTAssertEqual(scaled("0.135", 2), 14)
        XCTAssertEqual(scaled("0.145", 2), 14)
        XCTAssertEqual(scaled("0.155", 2), 16)
        XCTAssertEqual(scaled("-0.125", 2), -12)
        XCTAssertEqual(scaled("-0.135", 2), -14)
        XCTAssertEqual(scaled("0.5", 0), 0)
        XCTAssertEqual(scaled("1.5", 0), 2)
        XCTAssertEqual(scaled("2.5", 0), 2)
        XCTAssertEqual(scaled("-0.5", 0), 0)
        XCTAssertEqual(scaled("-1.5", 0), -2)
        XCTAssertEqual(scaled("-2.5", 0), -2)
        XCTAssertEqual(scaled("1.000000005", 8), 100_000_000)
        XCTAssertEqual(scaled("1.000000015", 8), 100_000_002)
    }

    func testScaledRoundsNonTiesToNearest() {
        XCTAssertEqual(scaled("0.1251", 2), 13)
        XCTAssertEqual(scaled("-0.1251", 2), -13)
        XCTAssertEqual(scaled("0.12499999999", 2), 12)
        XCTAssertEqual(scaled("-0.12499999999", 2), -12)
        XCTAssertEqual(scaled("0.009", 2), 1)
        XCTAssertEqual(scaled("0.004", 2), 0)
        XCTAssertEqual(scaled("9.6e-05", 8), 9600)
        XCTAssertEqual(scaled("1.23456789e-20", 8), 0)
        XCTAssertEqual(scaled("-1.23456789e-20", 8), 0)
    }

    func testScaledTiesAtTheLargestDivisorStillGoToEven() {
        XCTAssertEqual(DecimalText.scaled(500_000_000_000_000_000, exponent: -18, scale: 0), 0)
        XCTAssertEqual(DecimalText.scaled(500_000_000_000_000_001, exponent: -18, scale: 0), 1)
        XCTAssertEqual(DecimalText.scaled(-500_000_000_000_000_001, exponent: -18, scale: 0), -1)
        XCTAssertEqual(DecimalText.scaled(999_999_999_999_999_999, exponent: -19, scale: 0), 0)
    }

    func testScaledAppendsZerosWhenTheTextHasFewerDecimals() {
        XCTAssertEqual(scaled("1.5", 8), 150_000_000)
        XCTAssertEqual(scaled("1e+2", 8), 10_000_000_000)
        XCTAssertEqual(scaled("-3", 8), -300_000_000)
        XCTAssertEqual(scaled("0", 12), 0)
        XCTAssertEqual(scaled("27.0", 1), 270)
    }

    func testScaledReturnsNilWhenTheResultDoesNotFitInt64() {
        XCTAssertNil(DecimalText.scaled(10, exponent: 18, scale: 0))
        XCTAssertNil(DecimalText.scaled(1, exponent: 19, scale: 0))
        XCTAssertNil(DecimalText.scaled(-1, exponent: 19, scale: 0))
        XCTAssertNil(DecimalText.scaled(92_233_720_368_547_759, exponent: 2, scale: 0))
        XCTAssertNil(scaled("100000000000", 8))
        XCTAssertEqual(DecimalText.scaled(1, exponent: 18, scale: 0), 1_000_000_000_000_000_000)
        XCTAssertEqual(DecimalText.scaled(92_233_720_368_547_758, exponent: 2, scale: 0), 9_223_372_036_854_775_800)
        XCTAssertEqual(DecimalText.scaled(922_337_203_685_477_580, exponent: 1, scale: 0), 9_223_372_036_854_775_800)
        XCTAssertNil(DecimalText.scaled(922_337_203_685_477_581, exponent: 1, scale: 0))
    }

    func testScaledExactlyRefusesToDropNonZeroDigits() {
        func exactly(_ text: String, _ scale: Int) -> Int64? {
            let (s, e) = DecimalText.parse(text)!
            return DecimalText.scaledExactly(s, exponent: e, scale: scale)
        }
        XCTAssertEqual(exactly("1.23", 2), 123)
        XCTAssertNil(exactly("1.234", 2))
        XCTAssertNil(exactly("-1.234", 2))
        XCTAssertEqual(exactly("1.2300", 2), 123)
        XCTAssertEqual(exactly("-1.2300", 2), -123)
        XCTAssertEqual(exactly("9.6e-05", 8), 9600)
        XCTAssertNil(exactly("9.6e-05", 5))
        XCTAssertNil(exactly("1e-20", 8))
        XCTAssertEqual(exactly("0e-30", 8), 0)
        XCTAssertEqual(exactly("1e+2", 0), 100)
        XCTAssertNil(exactly("1e+19", 0))
        XCTAssertNil(exactly("1.5", 0), "1.5 is not an integer")
        XCTAssertEqual(exactly("1.0", 0), 1)
    }

    // MARK: HalfEven

    func testHalfEvenDivisionByPowersOfTenMatchesFoundationBankersRounding() {
        var rng = seededGenerator(0x5EED_0001)
        for _ in 0..<3000 {
            let k = Int.random(in: 1...18, using: &rng)
            let value: Int64
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: value = Int64.random(in: -1_000_000...1_000_000, using: &rng)
            case 1: // an exact tie, or one unit either side of it
                let q = Int64.random(in: -8...8, using: &rng)
                value = q * Powers.ten(k) + (q < 0 ? -1 : 1) * (Powers.ten(k) / 2) + Int64.random(in: -1...1, using: &rng)
            default: value = Int64.random(in: (Int64.min + 1)...Int64.max, using: &rng)
            }
            let exact = Decimal(value) * Decimal(sign: .plus, exponent: -k, significand: 1)
            let expected = DecimalOracle.int64(DecimalOracle.roundedHalfEven(exact, scale: 0))
            XCTAssertEqual(HalfEven.divide(value, by: Powers.ten(k)), expected, "\(value) / 10^\(k), seed \(rng.seed)")
        }
    }

    func testHalfEvenDivisionByAnyPositiveDivisorMatchesFloorAndRemainderReasoning() {
        var rng = seededGenerator(0x5EED_0002)
        for _ in 0..<5000 {
            let divisor = Bool.random(using: &rng) ? Int64.random(in: 1...1000, using: &rng)
                                                   : Int64.random(in: 1...Int64.max, using: &rng)
            let value = Int64.random(in: (Int64.min + 1)...Int64.max, using: &rng)
            // Exact rational reasoning: value = divisor × floor + rest with 0 ≤ rest < divisor.
            var floor = value / divisor
            var rest = value % divisor
            if rest < 0 { floor -= 1; rest += divisor }
            let twice = UInt64(rest) * 2
            let expected: Int64
            if twice < UInt64(divisor) { expected = floor }
            else if twice > UInt64(divisor) { expected = floor + 1 }
            else { expected = floor % 2 == 0 ? floor : floor + 1 }
            XCTAssertEqual(HalfEven.divide(value, by: divisor), expected, "\(value) / \(divisor), seed \(rng.seed)")
        }
    }

    func testScaledMatchesFoundationOnRandomDecimalTexts() {
        var rng = seededGenerator(0x5EED_0003)
        for _ in 0..<2000 {
            let digits = Int.random(in: 1...18, using: &rng)
            var text = Bool.random(using: &rng) ? "-" : ""
            text += String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
            let exponent = Int.random(in: -25...6, using: &rng)
            text += "e\(exponent)"
            let scale = Int.random(in: 0...12, using: &rng)
            let exact = DecimalOracle.parse(text)
            let rounded = DecimalOracle.roundedHalfEven(exact, scale: scale)
            let expected = DecimalOracle.int64(rounded * Decimal(sign: .plus, exponent: scale, significand: 1))
            XCTAssertEqual(scaled(text, scale), expected, "'\(text)' at \(scale) decimals, seed \(rng.seed)")
        }
    }

    // MARK: wide (Int128), issue #9 item 5

    private func wide(_ text: String) -> (significand: Int128, exponent: Int)? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { DecimalText.parseWide(UnsafePointer($0.baseAddress!), count: $0.count) }
    }

    func testParseWideKeepsUpTo39DigitsThatFitInt128() throws {
        for text in ["9223372036854775807", "9223372036854775808", "-9223372036854775809", "73000000000.123456789012",
                     "170141183460469231731687303715884105727", "1.70141183460469231731687303715884105727e+26",
                     "99999999999999999999999999999999999999", "0.000000000001"] {
            let (s, e) = try XCTUnwrap(wide(text), text)
            XCTAssertEqual(DecimalOracle.value(wideUnits: s, scale: -e), DecimalOracle.parse(text), text)
        }
        XCTAssertNil(wide("170141183460469231731687303715884105728"), "2^127 does not fit")
        XCTAssertNil(wide("1000000000000000000000000000000000000000"), "40 digits")
        XCTAssertNil(wide("1.2.3"))
    }

    func testScaledWideHoldsTwentyYearsOfHeavyVolumeAtTwelveDecimals() throws {
        let (s, e) = try XCTUnwrap(wide("73000000000.5"))
        let units = try XCTUnwrap(DecimalText.scaledWide(s, exponent: e, scale: 12))
        XCTAssertEqual(DecimalOracle.value(wideUnits: units, scale: 12), DecimalOracle.parse("73000000000.5"))
        XCTAssertGreaterThan(units, Int128(Int64.max))
        XCTAssertNil(DecimalText.scaledWide(1, exponent: 39, scale: 0))
        XCTAssertEqual(DecimalText.scaledWide(25, exponent: -1, scale: 0), 2, "half-even")
        XCTAssertEqual(DecimalText.scaledWide(35, exponent: -1, scale: 0), 4, "half-even")
        XCTAssertNil(DecimalText.scaledWideExactly(25, exponent: -1, scale: 0), "refuses to round")
        XCTAssertEqual(DecimalText.scaledWideExactly(25, exponent: -1, scale: 1), 25)
    }
}
