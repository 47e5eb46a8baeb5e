import OHLCVCore
import XCTest

final class RunSummaryTests: XCTestCase {
    typealias S = RunSummary.SymbolState

    func testNamesTheUpdatedSymbolsAndHowFarTheCandlesReach() {
        let s = RunSummary(target: "all", seconds: 4, symbols: [
            S(symbol: "EUR-USD", updated: true, lastCandle: "2026-07-13 09:59"),
            S(symbol: "BTC-USD", updated: true, lastCandle: "2026-07-13 09:59"),
            S(symbol: "XAU-USD", updated: false, lastCandle: "2026-07-10 20:59"),
        ])
        XCTAssertEqual(s.line, "all: finished in 4 s: 3 symbols, 2 updated (EUR-USD, BTC-USD); "
                       + "last 1m candle 2026-07-13 09:59 (EUR-USD); oldest 2026-07-10 20:59 (XAU-USD)")
    }

    func testNothingNewAndOneSymbol() {
        XCTAssertEqual(RunSummary(target: "pipeline", seconds: 0, symbols: [S(symbol: "EURUSD", updated: false, lastCandle: "2026-07-13 09:59")]).line,
                       "pipeline: finished in 0 s: 1 symbol, none updated; last 1m candle 2026-07-13 09:59")
    }

    func testLongListsAreCountedAndSymbolsWithoutCandlesNamed() {
        let symbols = (1...8).map { S(symbol: "S\($0)", updated: true, lastCandle: $0 == 8 ? nil : "2026-01-01 00:00") }
        XCTAssertEqual(RunSummary(target: "rebuild-full", seconds: 4_620, symbols: symbols).line,
                       "rebuild-full: finished in 1 h 17 min: 8 symbols, 8 updated (S1, S2, S3, S4, S5 and 3 more); "
                       + "last 1m candle 2026-01-01 00:00 (every symbol); no candles yet: S8")
    }

    func testParquetCountsRewrittenPartitionFiles() {
        XCTAssertEqual(RunSummary(target: "parquet", seconds: 125, symbols: [], parquet: (33, 0)).line,
                       "parquet: finished in 2 min 5 s: 33 series, 0 partition files rewritten (all up to date)")
        XCTAssertEqual(RunSummary(target: "parquet", seconds: 1, symbols: [], parquet: (33, 1)).line,
                       "parquet: finished in 1 s: 33 series, 1 partition file rewritten")
    }
}
