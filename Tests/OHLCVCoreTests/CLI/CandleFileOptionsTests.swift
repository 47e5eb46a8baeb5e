@testable import OHLCVCore
import XCTest

/// The shared --decimals and --alignment groups: what they parse, what they refuse, and their --help layout.
final class CandleFileOptionsTests: XCTestCase {
    private func raw(_ argv: [String]) throws -> RawArguments {
        try RawArguments(argv, valued: [DecimalsOption.name, AlignmentOption.name], flags: [])
    }

    func testDecimalsDefaultsToEightAndTakesZeroToTwelve() throws {
        XCTAssertEqual(try DecimalsOption(raw([])).value, 8)
        XCTAssertEqual(try DecimalsOption(raw(["--decimals", "0"])).value, 0)
        XCTAssertEqual(try DecimalsOption(raw(["--decimals=12"])).value, 12)
        assertThrows(.usage("--decimals must be a whole number in 0...12, not '13'"), try DecimalsOption(raw(["--decimals", "13"])))
        assertThrows(.usage("--decimals must be a whole number in 0...12, not '2.5'"), try DecimalsOption(raw(["--decimals", "2.5"])))
        assertThrows(.usage("option --decimals given more than once"), try DecimalsOption(raw(["--decimals", "2", "--decimals", "3"])))
    }

    func testAlignmentIsAbsentUnlessGiven() throws {
        XCTAssertNil(try AlignmentOption(raw([])).value)
        XCTAssertEqual(try AlignmentOption(raw(["--alignment", "ny-close"])).value, .newYorkClose)
        XCTAssertEqual(try AlignmentOption(raw(["--alignment", "-7200000"])).value, .fixed(milliseconds: -7_200_000))
        assertThrows(.usage("alignment must be 'utc', 'ny-close' or a shift in whole seconds of milliseconds below a day, not 'gmt'"),
                     try AlignmentOption(raw(["--alignment", "gmt"])))
    }

    func testHelpPutsTheTextAtItsColumnAndIndentsContinuationLines() {
        XCTAssertEqual(DecimalsOption.help(column: 20, "places (\(DecimalsOption.defaultAndRangeText))"),
                       "  --decimals N      places (default 8, 0...12)")
        XCTAssertEqual(AlignmentOption.help(column: 18, "first", "second"),
                       "  --alignment A   first\n                  second")
        // A flag longer than its column keeps one space before the text.
        XCTAssertEqual(DecimalsOption.help(column: 4, "x"), "  --decimals N x")
    }
}
