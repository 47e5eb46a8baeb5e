import XCTest
@testable import OHLCVCore

/// What no longer belongs is put away (issue 9, item 4).
final class TidyPlanTests: XCTestCase {
    func settings(_ timeframes: String, parquet: String = "", symbols: String = "EUR-USD\nBTC-USD\n", selected: String = "",
                  sides: String = "BID") throws -> RunSettings {
        try SettingsResolver(values: ["TIMEFRAMES": timeframes, "PARQUET_TIMEFRAMES": parquet, "SYMBOL": selected, "SIDES": sides],
                             origins: [:], configFile: nil,
                             list: try SymbolList(parsing: symbols, file: "symbols.txt"),
                             today: CivilDate(year: 2026, month: 1, day: 1)).resolve()
    }

    func testARemovedTimeframeIsRemovedForEverySymbol() throws {
        let found = TidyPlan.Found(resampleSeries: [("5m", "EUR-USD"), ("2h", "EUR-USD"), ("1h", "BTC-USD"), ("2h", "BTC-USD")],
                                   symbolsWithData: ["BTC-USD", "EUR-USD"])
        XCTAssertEqual(TidyPlan(settings: try settings("5m 1h"), found: found).actions,
                       [.removeResampleSeries(folder: "2h", symbol: "BTC-USD"), .removeResampleSeries(folder: "2h", symbol: "EUR-USD")])
        XCTAssertEqual(TidyPlan(settings: try settings("5m 1h 2h"), found: found).actions, [])
        // A run of one symbol leaves the others as their last run built them.
        XCTAssertEqual(TidyPlan(settings: try settings("5m 1h", selected: "BTCUSD"), found: found).actions,
                       [.removeResampleSeries(folder: "2h", symbol: "BTC-USD")])
    }

    func testParquetSeriesFollowTheParquetTimeframesAndTheCaseSafeMonthName() throws {
        let found = TidyPlan.Found(parquetSeries: [("1m", "EUR-USD"), ("1M", "EUR-USD"), ("1mo", "EUR-USD"), ("4h", "EUR-USD")])
        XCTAssertEqual(TidyPlan(settings: try settings("5m 1h 1M"), found: found).actions,
                       [.removeParquetSeries(folder: "1M", symbol: "EUR-USD"), .removeParquetSeries(folder: "4h", symbol: "EUR-USD")])
        XCTAssertEqual(TidyPlan(settings: try settings("5m 1h 4h 1M", parquet: "1m 4h"), found: found).actions,
                       [.removeParquetSeries(folder: "1M", symbol: "EUR-USD"), .removeParquetSeries(folder: "1mo", symbol: "EUR-USD")])
    }

    func testASymbolNoLongerListedIsRetiredWhateverFilesItHas() throws {
        let found = TidyPlan.Found(resampleSeries: [("1h", "XAU-USD")], parquetSeries: [("1m", "GBP-USD")],
                                   symbolsWithData: ["EUR-USD", "EURUSD"])
        XCTAssertEqual(TidyPlan(settings: try settings("5m 1h"), found: found).actions,
                       [.retireSymbol("EURUSD"), .retireSymbol("GBP-USD"), .retireSymbol("XAU-USD")])
    }

    /// Parquet series are found per side (DataTidy names `side=ASK` folders `SYM@ASK`): a removed timeframe
    /// removes it on each side, a side dropped from SIDES retires only that side's series.
    func testParquetSeriesOfTheAskSideFollowTheSameRulesAndADroppedSideIsRetiredAlone() throws {
        let found = TidyPlan.Found(parquetSeries: [("1h", "EUR-USD"), ("4h", "EUR-USD"), ("1h", "EUR-USD@ASK"), ("4h", "EUR-USD@ASK")])
        XCTAssertEqual(TidyPlan(settings: try settings("5m 1h", sides: "BID ASK"), found: found).actions,
                       [.removeParquetSeries(folder: "4h", symbol: "EUR-USD"), .removeParquetSeries(folder: "4h", symbol: "EUR-USD@ASK")])
        XCTAssertEqual(TidyPlan(settings: try settings("5m 1h 4h", sides: "BID ASK"), found: found).actions, [])
        XCTAssertEqual(TidyPlan(settings: try settings("5m 1h 4h"), found: found).actions, [.retireSymbol("EUR-USD@ASK")])
        // A run of another symbol leaves EUR-USD's sides as they are, until a run builds EUR-USD.
        XCTAssertEqual(TidyPlan(settings: try settings("5m 1h 4h", selected: "BTC-USD"), found: found).actions, [])
        // Only the ask kept: the bid series is retired, the ask one stays.
        XCTAssertEqual(TidyPlan(settings: try settings("5m 1h 4h", sides: "ASK"), found: found).actions, [.retireSymbol("EUR-USD")])
    }
}
