import XCTest
@testable import OHLCVCore

/// `ohlcv-config --check` replaced make's own reading of the plan (two sed commands in check-config): these are the
/// lines that recipe printed, written out by hand.
final class CheckSummaryTests: XCTestCase {
    private func settings(_ values: [String: String], list: String) throws -> RunSettings {
        // TIMEFRAMES has no default in the library: make gives it one.
        try SettingsResolver(values: ["TIMEFRAMES": "5m"].merging(values) { $1 }, origins: [:], configFile: nil, list: try SymbolList(parsing: list, file: "s"),
                             today: CivilDate(year: 2026, month: 1, day: 1)).resolve()
    }

    func testBidOnlySymbolsGetOneLineNamingTheListedSpelling() throws {
        let run = try settings(["SYMBOL": "eurusd"], list: "EURUSD\nBTC-USD\n")
        XCTAssertEqual(CheckSummary.render(run, symbolsFile: "symbols.txt", configFile: nil),
                       "check-config: ok (every setting, symbols.txt); the run's symbols: EURUSD\n")
    }

    func testAnExistingConfigFileIsNamedAfterTheSymbolsFile() throws {
        let run = try settings([:], list: "EUR-USD\nBTC-USD\n")
        XCTAssertEqual(CheckSummary.render(run, symbolsFile: "my list.txt", configFile: "config.mk"),
                       "check-config: ok (every setting, my list.txt and config.mk); the run's symbols: EUR-USD BTC-USD\n")
    }

    func testAnAskSideAddsTheSeriesLine() throws {
        let run = try settings(["SIDES_EURUSD": "BID ASK", "SIDES_XAU/USD": "ASK"], list: "EUR-USD\nBTC-USD\nXAU-USD\n")
        XCTAssertEqual(CheckSummary.render(run, symbolsFile: "symbols.txt", configFile: nil),
                       "check-config: ok (every setting, symbols.txt); the run's symbols: EUR-USD BTC-USD XAU-USD\n"
                       + "check-config: their series (one per side): EUR-USD EUR-USD@ASK BTC-USD XAU-USD@ASK\n")
    }
}
