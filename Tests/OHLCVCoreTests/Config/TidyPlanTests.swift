import XCTest
@testable import OHLCVCore

/// What no longer belongs is put away (issue 9, item 4).
final class TidyPlanTests: XCTestCase {
    func settings(_ timeframes: String, parquet: String = "", symbols: String = "EUR-USD\nBTC-USD\n", selected: String = "") throws -> RunSettings {
        try SettingsResolver(values: ["TIMEFRAMES": timeframes, "PARQUET_TIMEFRAMES": parquet, "SYMBOL": selected], origins: [:], configFile: nil,
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
}
