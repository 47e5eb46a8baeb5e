import Foundation
import OHLCVCore
import XCTest

/// Issue #9 item 5: what each DECIMALS setting can hold, and the refusal of settings no file can use.
final class DecimalsLimitTests: XCTestCase {
    func testThePriceCapIsInt64MaxUnitsAtEverySupportedSetting() throws {
        for d in 0...12 {
            let limit = try XCTUnwrap(DecimalsLimit(decimals: d))
            XCTAssertEqual(DecimalOracle.parse(limit.maximumText(.price)), DecimalOracle.value(units: Int64.max, scale: d), "\(d)")
        }
        // The figures README's DECIMALS row states.
        XCTAssertEqual(DecimalsLimit(decimals: 12)?.maximumText(.price), "9223372.036854775807")
        XCTAssertEqual(DecimalsLimit(decimals: 8)?.maximumText(.price), "92233720368.54775807")
    }

    func testTheVolumeCapIsInt128MaxUnits() throws {
        // 2^127 - 1, written out independently of the code under test.
        let int128Max = DecimalOracle.parse("170141183460469231731687303715884105727")
        for d in [0, 8, 12] {
            let text = try XCTUnwrap(DecimalsLimit(decimals: d)?.maximumText(.volume))
            XCTAssertEqual(DecimalOracle.parse(text), int128Max * DecimalOracle.parse("1e-\(d)"), "\(d)")
        }
    }

    func testFitsTwentyYearsOfHeavyVolumeAndMillionPricesAtTwelveDecimals() throws {
        let twelve = try XCTUnwrap(DecimalsLimit(decimals: 12))
        // 1e7 a day for 7300 days.
        XCTAssertTrue(twelve.fits(.volume, significand: 73_000_000_000, exponent: 0))
        XCTAssertTrue(twelve.fits(.price, significand: 1_000_000, exponent: 0))
        XCTAssertTrue(twelve.fits(.price, significand: 9_223_372_036_854_775_807, exponent: -12))
        XCTAssertFalse(twelve.fits(.price, significand: 9_223_372_036_854_775_808, exponent: -12))
        XCTAssertFalse(twelve.fits(.price, significand: 10_000_000, exponent: 0))
        XCTAssertTrue(twelve.fits(.price, significand: -9_223_372_036_854_775_807, exponent: -12))
    }

    func testFinestDecimalsIsTheMostDecimalsThatStillHoldTheValue() {
        // 10^7 × 10^12 passes 2^63; × 10^11 does not.
        XCTAssertEqual(DecimalsLimit.finestDecimals(fitting: .price, significand: 10_000_000, exponent: 0), 11)
        XCTAssertEqual(DecimalsLimit.finestDecimals(fitting: .price, significand: 10_000_000, exponent: 0, below: 8), 7)
        XCTAssertEqual(DecimalsLimit.finestDecimals(fitting: .price, significand: 1, exponent: 0), 12)
        XCTAssertEqual(DecimalsLimit.finestDecimals(fitting: .price, significand: 1, exponent: 19), nil, "10^19 > 2^63 - 1")
        XCTAssertEqual(DecimalsLimit.finestDecimals(fitting: .volume, significand: 1, exponent: 30), 8)
        // Half-even rounding decides at the edge: 9223372.0368547758074 rounds to the cap at 12.
        XCTAssertEqual(DecimalsLimit.finestDecimals(fitting: .price, significand: 92_233_720_368_547_758_074, exponent: -13), 12)
    }

    func testCheckAcceptsTheDocumentedRangeAndNamesTheSettingOtherwise() throws {
        for d in 0...12 { XCTAssertEqual(try DecimalsLimit.check(decimals: "\(d)").decimals, d) }
        for text in ["13", "-1", "abc", "", "8.0"] {
            let error = assertOHLCVError(try DecimalsLimit.check(decimals: text, setting: "DECIMALS_EUR-USD"), text)
            guard case .configuration? = error?.kind, let message = error?.message else {
                XCTFail("\(text): \(String(describing: error))"); continue
            }
            XCTAssertTrue(message.hasPrefix("bad configuration: DECIMALS_EUR-USD=\(text): "), message)
            XCTAssertTrue(message.contains("0 to 12"), message)
            XCTAssertTrue(message.contains("9223372.036854775807"), message)
            XCTAssertEqual(ExitStatus.code(for: error!.kind), ExitStatus.config)
        }
        XCTAssertNoThrow(try DecimalsLimit.check(decimals: 12))
        XCTAssertThrowsError(try DecimalsLimit.check(decimals: 13))
    }

    func testTheMessageNamesTheSettingItsLimitAndWhatToDo() {
        var error = OHLCVError(.exceedsDecimalsLimit(quantity: .price, what: "open", value: "12345678.5", decimals: 12, fitsAt: 11),
                               file: "data/aggregate/1m/BTC-IDR.csv", line: 7)
        error.stage = "resample"
        error.symbol = "BTC-IDR"
        XCTAssertEqual(error.description,
                       "ABORT! Critical error in resample: BTC-IDR: data/aggregate/1m/BTC-IDR.csv:7: open 12345678.5 is too large "
                       + "for DECIMALS=12 (prices up to 9223372.036854775807 fit at 12); set DECIMALS_BTC-IDR (or DECIMALS) to 11 "
                       + "or fewer in config.mk, then run `make rebuild-full SYMBOL=BTC-IDR`")
        let none = OHLCVError(.exceedsDecimalsLimit(quantity: .price, what: "high", value: "1e30", decimals: 8, fitsAt: nil))
        XCTAssertTrue(none.message.contains("no DECIMALS setting holds it"), none.message)
        XCTAssertEqual(ExitStatus.code(for: none.kind), ExitStatus.dataError)
    }

    func testTextKeepsEveryDigit() {
        XCTAssertEqual(DecimalsLimit.text(UInt128(1), decimals: 12), "0.000000000001")
        XCTAssertEqual(DecimalsLimit.text(UInt128(42), decimals: 0), "42.0")
        XCTAssertEqual(DecimalsLimit.text(UInt128(1_000_000_000_000), decimals: 12), "1.0")
        XCTAssertEqual(DecimalsLimit.text(Int128(-15), decimals: 1), "-1.5")
    }
}
