import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// The whole pipeline through make, on real data.
final class PipelineTests: XCTestCase {
    static let timeframes = ["5m", "15m", "30m", "1h", "4h", "8h", "1d", "1W", "1M", "1Y"]

    func testReferenceOutputsForEURUSD20260710AreByteIdentical() throws {
        try requireFixtures()
        let dir = Workdir(#function)
        dir.write("symbols.txt", "EUR-USD\n")
        dir.copy(Fixtures.path("jetta/candles-minute-EUR-USD-BID-2026-7-10.json"), to: "cache/2026/07/EUR-USD_20260710.json")
        makeOK(dir)
        let expected = Fixtures.path("expected/eur-usd-2026-07-10-utc")
        XCTAssertEqual(dir.read("data/aggregate/1m/EUR-USD.csv"), [UInt8](FileManager.default.contents(atPath: expected + "/1m.csv")!), "1m.csv")
        for tf in Self.timeframes {
            XCTAssertEqual(dir.read("data/resample/\(tf)/EUR-USD.csv"),
                           [UInt8](FileManager.default.contents(atPath: "\(expected)/\(tf).csv")!), "\(tf).csv")
        }
    }

    /// The 19 real BTC-USD days, checked against Dukascopy's own hourly and daily candles (the jetta
    /// hour/day payloads of February 2023), decoded independently here with Foundation's Decimal.
    /// Prices must be equal; Dukascopy rounds its hourly/daily volumes to 6 decimals, so volumes must agree
    /// to 1e-6.
    func testRealBTCDaysMatchDukascopysHourlyAndDailyCandles() throws {
        try requireFixtures()
        let dir = Workdir(#function)
        dir.write("symbols.txt", "BTC-USD\n")
        makeOK(dir, variables: ["CACHE_DIR": Fixtures.path("btc-usd-2023-02/cache")])
        let minutes = try parseCSV(dir.readText("data/aggregate/1m/BTC-USD.csv")!)
        XCTAssertEqual(minutes.count, 26_134, "the README says 26,134 candles")
        for (tf, payload) in [("1h", "jetta/candles-hour-BTC-USD-BID-2023-2.json"), ("1d", "jetta/candles-day-BTC-USD-BID-2023.json")] {
            let truth = try decodeIndependently(Fixtures.path(payload))
            let ours = try parseCSV(dir.readText("data/resample/\(tf)/BTC-USD.csv")!)
            XCTAssertEqual(ours.count, tf == "1h" ? 19 * 24 : 19)
            for row in ours {
                guard let t = truth[row.time] else { XCTFail("\(tf) \(row.time): no Dukascopy candle"); continue }
                XCTAssertEqual(row.prices, t.prices, "\(tf) \(row.time)")
                XCTAssertLessThanOrEqual(abs((row.volume - t.volume as NSDecimalNumber).doubleValue), 1e-6, "\(tf) \(row.time) volume")
            }
        }
    }

    func testSecondRunWithNothingNewChangesNothing() throws {
        try requireFixtures()
        let dir = Workdir(#function)
        dir.write("symbols.txt", "BTC-USD\n")
        let vars = ["CACHE_DIR": Fixtures.path("btc-usd-2023-02/cache")]
        makeOK(dir, variables: vars)
        let before = dir.snapshot("data")
        let run = makeOK(dir, variables: vars)
        XCTAssertEqual(dir.snapshot("data"), before)
        // Quiet but for the run's one summary line, which says nothing was updated.
        XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains(": 1 symbol, none updated; last 1m candle "), run.stderr)
    }

    func testFilterModesPipeIntoEachOther() throws {
        try requireFixtures()
        let dir = Workdir(#function)
        dir.copy(Fixtures.path("jetta/candles-minute-EUR-USD-BID-2026-7-10.json"), to: "day.json")
        let t = dir.run("transform", ["day.json"])
        XCTAssertEqual(t.status, 0, "\(t)")
        dir.write("1m.csv", t.stdout)
        let r = dir.run("resample", ["--timeframe", "1h", "-"], stdin: "1m.csv")
        XCTAssertEqual(r.status, 0, "\(r)")
        XCTAssertEqual(r.stdout, [UInt8](FileManager.default.contents(atPath: Fixtures.path("expected/eur-usd-2026-07-10-utc/1h.csv"))!))
    }

    // MARK: - independent decoding for the checks above

    struct Row { var time: String; var prices: [Decimal]; var volume: Decimal }

    func parseCSV(_ text: String) throws -> [Row] {
        var lines = text.split(separator: "\n")
        XCTAssertEqual(lines.removeFirst(), "time,open,high,low,close,volume")
        return lines.map { line in
            let f = line.split(separator: ",").map(String.init)
            return Row(time: f[0], prices: f[1...4].map { Decimal(string: $0)! }, volume: Decimal(string: f[5])!)
        }
    }

    /// Dukascopy's candles by time text, with Foundation's Decimal arithmetic on the number tokens.
    func decodeIndependently(_ path: String) throws -> [String: Row] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        func scalar(_ key: String) -> Decimal {
            let r = text.range(of: "\"\(key)\":")!
            let rest = text[r.upperBound...]
            return Decimal(string: String(rest.prefix { ",}".contains($0) == false }))!
        }
        func array(_ key: String) -> [Decimal] {
            let r = text.range(of: "\"\(key)\":[")!
            let rest = text[r.upperBound...]
            return rest.prefix { $0 != "]" }.split(separator: ",").map { Decimal(string: String($0))! }
        }
        let multiplier = scalar("multiplier"), shift = scalar("shift"), timestamp = scalar("timestamp")
        var prices = ["open", "high", "low", "close"].map(scalar)
        let deltas = ["opens", "highs", "lows", "closes"].map(array)
        let times = array("times"), volumes = array("volumes")
        var t = timestamp
        var result: [String: Row] = [:]
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        for i in 0..<times.count {
            t += shift * times[i]
            for k in 0..<4 { prices[k] += multiplier * deltas[k][i] }
            let date = Date(timeIntervalSince1970: (t / 1000 as NSDecimalNumber).doubleValue)
            result[formatter.string(from: date)] = Row(time: "", prices: prices, volume: volumes[i])
        }
        return result
    }
}
