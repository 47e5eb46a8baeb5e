import OHLCVCore
import XCTest

/// The `ohlcv-extract` command line (its end-to-end tests are Tests/parquet/test_extract_tool.py).
final class ExtractStageTests: XCTestCase {
    private func options(_ argv: [String]) throws -> ExtractStage.Options {
        let raw = try RawArguments(argv, valued: ExtractStage.valuedOptions, flags: ExtractStage.flagOptions,
                                   short: ExtractStage.shortOptions)
        return try ExtractStage.options(from: raw)
    }

    func testUsageNamesEveryOption() {
        for name in ExtractStage.valuedOptions.union(ExtractStage.flagOptions) {
            XCTAssertTrue(ExtractStage.usage.contains("--\(name)"), "--\(name) missing from --help")
        }
        XCTAssertTrue(ExtractStage.usage.contains("-o, --output FILE"))
    }

    func testDefaults() throws {
        let o = try options(["--symbol", "EUR-USD", "--timeframe", "1h"])
        XCTAssertEqual(o.input, "-")
        XCTAssertNil(o.output)
        XCTAssertEqual(o.format, .csv)
        XCTAssertEqual(o.mt4Time, .hhmmss)
        XCTAssertEqual(o.decimals, 8)
        XCTAssertEqual(o.selection, ExtractSelection())
        XCTAssertFalse(o.header)
    }

    func testEveryOption() throws {
        let o = try options(["--format", "mt4", "--timeframe", "1W", "--mt4-time", "hh:mm", "--after", "2025-11-26",
                             "--until", "2025-11-26 00:01:00", "--skip-open", "--decimals", "5", "-o", "x.csv", "in.csv"])
        XCTAssertEqual(o.format, .mt4)
        XCTAssertEqual(o.timeframe, try Timeframe(parsing: "1W"))
        XCTAssertEqual(o.mt4Time, .hhmm)
        XCTAssertEqual(o.selection, ExtractSelection(after: 1_764_115_200, until: 1_764_115_260, skipOpen: true))
        XCTAssertEqual(o.decimals, 5)
        XCTAssertEqual(o.output, "x.csv")
        XCTAssertEqual(o.input, "in.csv")
        XCTAssertNil(o.symbol)
    }

    func testBadCombinationsAreUsageErrors() {
        for argv in [["--symbol", "S"], ["--timeframe", "1h"], ["--format", "tsv", "--symbol", "S", "--timeframe", "1h"],
                     ["--format", "mt4", "--timeframe", "1h", "--header"], ["--symbol", "S", "--timeframe", "1h", "--mt4-time", "hh:mm"],
                     ["--format", "mt4", "--timeframe", "1h", "--mt4-time", "hh"], ["--symbol", "", "--timeframe", "1h"],
                     ["--symbol", "S", "--timeframe", "1x"], ["--symbol", "S", "--timeframe", "1h", "a.csv", "b.csv"],
                     ["--symbol", "S", "--timeframe", "1h", "--after", "2025-01-02", "--until", "2025-01-01"],
                     ["--symbol", "S", "--timeframe", "1h", "--output", ""]] {
            XCTAssertThrowsError(try options(argv), "\(argv)") { error in
                guard case .usage = (error as? OHLCVError)?.kind else { return XCTFail("\(argv): \(error)") }
            }
        }
    }
}
