@testable import OHLCVCore
import OHLCVTestSupport
import XCTest

/// The bid/ask join (`ohlcv-extract --format bidask`) on small hand-made series: which times are joined,
/// which are counted on one side, and the spreads checked with Foundation's Decimal (DecimalOracle), not with
/// the code under test. The large random cases and make csv are Tests/parquet/test_extract_bidask.py.
final class BidAskJoinTests: XCTestCase {
    private let header = "time,open,high,low,close,volume\n"

    private func join(_ bid: String, _ ask: String, _ extra: [String] = [], decimals: Int = 5)
        throws -> (rows: [String], counts: String) {
        let dir = Workdir(for: self)
        let bidPath = dir.write("EUR-USD.csv", header + bid)
        let askPath = dir.write("EUR-USD@ASK.csv", header + ask)
        let argv = ["--format", "bidask", "--symbol", "EUR-USD", "--timeframe", "1m", "--decimals", "\(decimals)",
                    "--ask", askPath, "-o", dir.url("out.csv"), "--counts", dir.url("counts")] + extra + [bidPath]
        let raw = try RawArguments(argv, valued: ExtractStage.valuedOptions, flags: ExtractStage.flagOptions,
                                   short: ExtractStage.shortOptions)
        try ExtractStage.run(try ExtractStage.options(from: raw))
        let out = String(decoding: try XCTUnwrap(dir.read("out.csv")), as: UTF8.self)
        return (out.split(separator: "\n").map(String.init), String(decoding: try XCTUnwrap(dir.read("counts")), as: UTF8.self))
    }

    func testTimesOnBothSidesAreJoinedAndTheOthersCounted() throws {
        let bid = """
        2025-01-02 00:00:00,1.1,1.2,1.0,1.15,10.5
        2025-01-02 00:01:00,1.15,1.16,1.14,1.15,3.0
        2025-01-02 00:03:00,1.15,1.15,1.15,1.15,0.0

        """
        let ask = """
        2025-01-01 23:59:00,1.1,1.1,1.1,1.1,1.0
        2025-01-02 00:00:00,1.10002,1.20003,1.00001,1.15021,7.25
        2025-01-02 00:02:00,1.2,1.2,1.2,1.2,1.0
        2025-01-02 00:03:00,1.1501,1.1501,1.1501,1.1501,2.0

        """
        let (rows, counts) = try join(bid, ask)
        XCTAssertEqual(rows.map { $0.split(separator: ",")[2] }, ["2025-01-02 00:00:00", "2025-01-02 00:03:00"])
        XCTAssertEqual(counts, "2 1 2\n")                              // joined, BID only (00:01), ASK only (23:59, 00:02)
        let first = rows[0].split(separator: ",").map(String.init)
        XCTAssertEqual(Array(first[0..<13]), ["EUR-USD", "1m", "2025-01-02 00:00:00", "1.1", "1.2", "1.0", "1.15",
                                              "1.10002", "1.20003", "1.00001", "1.15021", "10.5", "7.25"])
        XCTAssertEqual(DecimalOracle.parse(first[13]), DecimalOracle.parse("1.10002") - DecimalOracle.parse("1.1"))
        XCTAssertEqual(DecimalOracle.parse(first[14]), DecimalOracle.parse("1.15021") - DecimalOracle.parse("1.15"))
        let last = rows[1].split(separator: ",").map(String.init)
        XCTAssertEqual(DecimalOracle.parse(last[13]), DecimalOracle.parse("0.0001"))
    }

    /// A crossed quote (ask below bid) gives a negative spread, written as it is.
    func testANegativeSpreadIsNotClipped() throws {
        let (rows, _) = try join("2025-01-02 00:00:00,2.5,2.5,2.5,2.5,1.0\n", "2025-01-02 00:00:00,2.49,2.5,2.4,2.5,1.0\n")
        let f = rows[0].split(separator: ",").map(String.init)
        XCTAssertEqual(DecimalOracle.parse(f[13]), DecimalOracle.parse("-0.01"))
        XCTAssertEqual(DecimalOracle.parse(f[14]), 0)
    }

    func testSkipOpenDropsEachFilesLastCandleBeforeTheJoin() throws {
        let bid = "2025-01-02 00:00:00,1.0,1.0,1.0,1.0,1.0\n2025-01-02 00:01:00,1.0,1.0,1.0,1.0,1.0\n"
        let ask = "2025-01-02 00:00:00,1.1,1.1,1.1,1.1,1.0\n2025-01-02 00:01:00,1.1,1.1,1.1,1.1,1.0\n"
            + "2025-01-02 00:02:00,1.1,1.1,1.1,1.1,1.0\n"
        let (rows, counts) = try join(bid, ask, ["--skip-open"])
        XCTAssertEqual(rows.map { $0.split(separator: ",")[2] }, ["2025-01-02 00:00:00"])
        XCTAssertEqual(counts, "1 0 1\n")                              // 00:01 is on ASK only once BID's open candle is left out
    }

    func testNoCommonTimeGivesAnEmptyExtractAndCountsBoth() throws {
        let (rows, counts) = try join("2025-01-02 00:00:00,1.0,1.0,1.0,1.0,1.0\n", "2025-01-02 00:01:00,1.0,1.0,1.0,1.0,1.0\n")
        XCTAssertEqual(rows, [])
        XCTAssertEqual(counts, "0 1 1\n")
    }

    func testBidAskCommandLine() throws {
        func options(_ argv: [String]) throws -> ExtractStage.Options {
            let raw = try RawArguments(argv, valued: ExtractStage.valuedOptions, flags: ExtractStage.flagOptions)
            return try ExtractStage.options(from: raw)
        }
        let o = try options(["--format", "bidask", "--symbol", "S", "--timeframe", "1h", "--ask", "a.csv", "--counts", "c", "b.csv"])
        XCTAssertEqual(o.format, .bidask)
        XCTAssertEqual(o.ask, "a.csv")
        XCTAssertEqual(o.counts, "c")
        XCTAssertEqual(o.input, "b.csv")
        for argv in [["--format", "bidask", "--symbol", "S", "--timeframe", "1h"],                 // no --ask
                     ["--format", "bidask", "--symbol", "S", "--timeframe", "1h", "--ask", "-"],   // both stdin
                     ["--format", "bidask", "--timeframe", "1h", "--ask", "a.csv", "b.csv"],      // no --symbol
                     ["--symbol", "S", "--timeframe", "1h", "--ask", "a.csv"],                      // --ask without bidask
                     ["--symbol", "S", "--timeframe", "1h", "--counts", "c"]] {
            XCTAssertThrowsError(try options(argv), argv.joined(separator: " ")) { error in
                guard case .usage = (error as? OHLCVError)?.kind else { return XCTFail("\(error)") }
            }
        }
    }
}
