import XCTest
import OHLCVCore

final class ParquetLayoutTests: XCTestCase {
    func testPaths() {
        let series = ParquetLayout.seriesDirectory(root: "data/parquet", timeframe: "1h", symbol: "EUR-USD", side: .ask)
        XCTAssertEqual(series, "data/parquet/timeframe=1h/symbol=EUR-USD/side=ASK")
        XCTAssertEqual(ParquetLayout.partitionFile(seriesDirectory: series, year: 2025),
                       "data/parquet/timeframe=1h/symbol=EUR-USD/side=ASK/year=2025/part-0.parquet")
    }
}
