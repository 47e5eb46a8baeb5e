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

    /// Issue #12: a side that SIDES no longer names is retired like an unlisted symbol, but only when the run
    /// builds its symbol; its timeframes are tidied per series.
    func testARemovedSideIsRetiredWhenItsSymbolIsBuilt() throws {
        func sided(_ values: [String: String]) throws -> RunSettings {
            var all = ["TIMEFRAMES": "5m 1h"]
            for (k, v) in values { all[k] = v }
            return try SettingsResolver(values: all, origins: [:], configFile: nil,
                                        list: try SymbolList(parsing: "EUR-USD\nBTC-USD\n", file: "symbols.txt"),
                                        today: CivilDate(year: 2026, month: 1, day: 1)).resolve()
        }
        let found = TidyPlan.Found(resampleSeries: [("5m", "EUR-USD"), ("5m", "EUR-USD@ASK"), ("2h", "EUR-USD@ASK"), ("5m", "BTC-USD@ASK")],
                                   symbolsWithData: ["BTC-USD", "BTC-USD@ASK", "EUR-USD", "EUR-USD@ASK"])
        XCTAssertEqual(TidyPlan(settings: try sided(["SIDES": "BID ASK"]), found: found).actions,
                       [.removeResampleSeries(folder: "2h", symbol: "EUR-USD@ASK")])
        XCTAssertEqual(TidyPlan(settings: try sided(["SIDES": "BID"]), found: found).actions,
                       [.retireSymbol("BTC-USD@ASK"), .retireSymbol("EUR-USD@ASK")])
        // A run of BTC-USD alone leaves EUR-USD's ask side until a run builds EUR-USD.
        XCTAssertEqual(TidyPlan(settings: try sided(["SIDES": "BID", "SYMBOL": "BTC-USD"]), found: found).actions,
                       [.retireSymbol("BTC-USD@ASK")])
        // An ask series of a symbol no longer listed goes with it, whatever the selection.
        let gone = TidyPlan.Found(symbolsWithData: ["GBP-USD", "GBP-USD@ASK"])
        XCTAssertEqual(TidyPlan(settings: try sided(["SYMBOL": "BTC-USD"]), found: gone).actions,
                       [.retireSymbol("GBP-USD"), .retireSymbol("GBP-USD@ASK")])
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
