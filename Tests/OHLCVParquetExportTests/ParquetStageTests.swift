import XCTest
import OHLCVCore
import OHLCVParquet
import OHLCVParquetExport

/// The `ohlcv-parquet` command line (its end-to-end tests are Tests/parquet).
final class ParquetStageTests: XCTestCase {
    private func options(_ argv: [String]) throws -> ParquetStage.Options {
        let raw = try RawArguments(argv, valued: ParquetStage.valuedOptions, flags: ParquetStage.flagOptions,
                                   short: ParquetStage.shortOptions)
        return try ParquetStage.options(from: raw)
    }

    func testUsageNamesEveryOption() {
        for name in ParquetStage.valuedOptions.union(ParquetStage.flagOptions) {
            XCTAssertTrue(ParquetStage.usage.contains("--\(name)"), "--\(name) missing from --help")
        }
        XCTAssertTrue(ParquetStage.usage.contains("-o, --output FILE"))
    }

    func testShortOutputOptionIsOutput() throws {
        for argv in [["-o", "x.parquet", "in.csv"], ["-ox.parquet", "in.csv"], ["--output", "x.parquet", "in.csv"],
                     ["--output=x.parquet", "in.csv"]] {
            XCTAssertEqual(try options(argv).mode, .file(input: "in.csv", output: "x.parquet", after: nil, until: nil), "\(argv)")
        }
        XCTAssertThrowsError(try options(["-x", "in.csv"]))
    }

    func testDefaults() throws {
        let o = try options([])
        XCTAssertEqual(o.mode, .file(input: "-", output: nil, after: nil, until: nil))
        XCTAssertEqual(o.decimals, 8)
        XCTAssertEqual(o.writer.compression, .snappy)
        XCTAssertEqual(o.writer.rowGroupRows, 1_048_576)
        XCTAssertFalse(o.writer.timeIsAdjustedToUTC)
        XCTAssertEqual(o.writer.createdBy, "ohlcv version 1.0.0 (build unknown)")
    }

    func testTimesAreHalfOpenEpochSeconds() throws {
        let o = try options(["--after", "2025-11-26", "--until", "2025-11-26 00:01:00", "-o", "x", "in.csv"])
        // 2025-11-26 is day 20,418 since 1970-01-01: 20,418 × 86,400 s.
        XCTAssertEqual(o.mode, .file(input: "in.csv", output: "x", after: 20_418 * 86_400, until: 20_418 * 86_400 + 60))
    }

    func testBadCombinationsAreUsageErrors() {
        for argv in [["--compression", "gzip"], ["--hive-root", "d", "--symbol", "S"],
                     ["--hive-root", "d", "--symbol", "S", "--timeframe", "1h", "--input", "-"],
                     ["--hive-root", "d", "--symbol", "a/b", "--timeframe", "1h", "--input", "f"],
                     ["--hive-root", "d", "--symbol", "EUR-USD@MID", "--timeframe", "1h", "--input", "f"],
                     ["--hive-root", "d", "--symbol", "EUR-USD@ASK", "--side", "BID", "--timeframe", "1h", "--input", "f"],
                     ["--hive-root", "d", "--symbol", "EUR-USD", "--side", "both", "--timeframe", "1h", "--input", "f"],
                     ["--side", "ASK", "-o", "x", "in.csv"],
                     ["--after", "2025-02-30"], ["--until", "2025-01-01", "--after", "2025-01-02"]] {
            XCTAssertThrowsError(try options(argv), "\(argv)") { error in
                guard case .usage = (error as? OHLCVError)?.kind else { return XCTFail("\(argv): \(error)") }
            }
        }
    }

    /// A series name or --side picks the side= folder; the symbol= value never carries the side.
    func testHiveSideComesFromTheSeriesNameOrSide() throws {
        let base = ["--hive-root", "d", "--timeframe", "1M", "--input", "f"]
        for (argv, symbol, side) in [(["--symbol", "EUR-USD"], "EUR-USD", Side.bid),
                                     (["--symbol", "EUR-USD@ASK"], "EUR-USD", .ask),
                                     (["--symbol", "EUR-USD@ask", "--side", "ASK"], "EUR-USD", .ask),
                                     (["--symbol", "EUR-USD", "--side", "ask"], "EUR-USD", .ask),
                                     (["--symbol", "EUR-USD@BID"], "EUR-USD", .bid)] {
            XCTAssertEqual(try options(base + argv).mode,
                           .hive(ParquetStage.Hive(root: "d", timeframe: "1mo", symbol: symbol, side: side), input: "f",
                                 verbose: false), "\(argv)")
        }
        XCTAssertEqual(try options(base + ["--symbol", "XAU-USD", "--verbose"]).mode,
                       .hive(ParquetStage.Hive(root: "d", timeframe: "1mo", symbol: "XAU-USD"), input: "f", verbose: true))
        XCTAssertEqual(ParquetStage.Hive(root: "d", timeframe: "1h", symbol: "EUR-USD", side: .ask).seriesName, "EUR-USD@ASK")
        XCTAssertEqual(ParquetStage.Hive(root: "d", timeframe: "1h", symbol: "EUR-USD").seriesName, "EUR-USD")
    }
}
