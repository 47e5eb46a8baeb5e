import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// Issue #9 item 5 (case 07): DECIMALS=12, the top of the documented 0–12, works on realistic data; a value
/// that cannot be held names the setting, its limit and what to do.
final class DecimalsTwelveTests: XCTestCase {
    /// Foundation's exact decimal reading of a CSV field: the oracle, independent of Numbers/.
    private func decimal(_ text: Substring) -> Decimal { Decimal(string: String(text), locale: Locale(identifier: "en_US_POSIX"))! }

    /// 20 years of hourly rows near 1e6 (19 significant digits at 12 decimals), about 1e7 volume a day; each
    /// year's volume is about 3.65e21 units, far past Int64. Every 1Y and 12M candle must equal the exact
    /// group-by computed with Foundation Decimal from the same text.
    func testResampleAtTwelveDecimalsFoldsTwentyHeavyYearsExactly() throws {
        let dir = Workdir(#function)
        var rng = SeededRandom(seed: 0x5EED_0912)
        var text = "time,open,high,low,close,volume\n"
        var expected: [String: (open: Decimal, high: Decimal, low: Decimal, close: Decimal, volume: Decimal)] = [:]
        var years: [String] = []
        let start = CivilDate(year: 2005, month: 1, day: 1).daysSinceEpoch * 86_400
        var price: Int64 = 1_000_000_000_000_000_000        // 1e6 at 12 decimals
        for hour in 0..<(20 * 365 * 24) {
            let time = TimestampText.string(start + Int64(hour) * 3_600)
            let open = price
            let close = open + Int64(rng.next() % 2_000_001) - 1_000_000
            let high = max(open, close) + Int64(rng.next() % 1_000)
            let low = min(open, close) - Int64(rng.next() % 1_000)
            price = close
            // 416,666.666… an hour ≈ 1e7 a day, with 12 random decimals.
            let volume = "\(400_000 + rng.next() % 33_333).\(String(1_000_000_000_000 + rng.next() % 1_000_000_000_000).dropFirst())"
            let prices = [open, high, low, close].map { ReprFormatting.string($0, scale: 12) }
            text += "\(time),\(prices.joined(separator: ",")),\(volume)\n"
            let year = String(time.prefix(4))
            let values = prices.map { decimal($0[...]) }
            if var e = expected[year] {
                e.high = max(e.high, values[1]); e.low = min(e.low, values[2]); e.close = values[3]
                e.volume += decimal(volume[...])
                expected[year] = e
            } else {
                years.append(year)
                expected[year] = (values[0], values[1], values[2], values[3], decimal(volume[...]))
            }
        }
        dir.write("1m.csv", text)
        for tf in ["1Y", "12M"] {
            let run = dir.run("resample", ["--timeframe", tf, "--decimals", "12", "1m.csv"])
            XCTAssertEqual(run.status, 0, "\(run)")
            let rows = run.stdoutText.split(separator: "\n").dropFirst()
            XCTAssertEqual(rows.count, 20, "\(tf): one candle a year")
            for (row, year) in zip(rows, years) {
                let f = row.split(separator: ",")
                let e = try XCTUnwrap(expected[year])
                XCTAssertEqual(f[0], "\(year)-01-01 00:00:00", tf)
                XCTAssertEqual([f[1], f[2], f[3], f[4], f[5]].map(decimal), [e.open, e.high, e.low, e.close, e.volume], "\(tf) \(year): \(row)")
                XCTAssertGreaterThan(e.volume * Decimal(string: "1e12")!, Decimal(string: "9223372036854775807")!,
                                     "the year's volume must pass Int64 at 12 decimals, or this test proves nothing")
            }
        }
    }

    /// Case 07 as a test: `make rebuild-full DECIMALS=12` over four months of ordinary FX volume succeeds,
    /// and since no value has more than 5 decimals, every file is byte-identical to the DECIMALS=8 build.
    func testRebuildFullAtTwelveDecimalsMatchesTheEightDecimalBuild() throws {
        var outputs: [String: [String: [UInt8]]] = [:]
        for decimals in ["8", "12"] {
            let dir = Workdir("\(#function)-\(decimals)")
            let h = PipelineHarness(dir, seed: 70, symbols: ["EUR-USD"])
            var day = CivilDate(year: 2026, month: 1, day: 1)
            while day < CivilDate(year: 2026, month: 5, day: 1) { h.writeFinalDay(day); day = day.adding(days: 1) }
            let run = makeOK(dir, ["rebuild-full"], variables: ["SYMBOL": "EUR-USD", "DECIMALS": decimals])
            XCTAssertFalse(run.stderr.contains("ABORT"), run.stderr)
            outputs[decimals] = h.outputs()
            if decimals == "12" {
                // The year's volume passes Int64 at 12 decimals and equals the exact sum of the 1-minute file.
                let minutes = try XCTUnwrap(dir.readText("data/aggregate/1m/EUR-USD.csv"))
                let sum = minutes.split(separator: "\n").dropFirst().reduce(Decimal(0)) { $0 + decimal($1.split(separator: ",")[5]) }
                let year = try XCTUnwrap(dir.readText("data/resample/1Y/EUR-USD.csv")).split(separator: "\n")
                XCTAssertEqual(year.count, 2, "header and the 2026 candle")
                XCTAssertEqual(decimal(year[1].split(separator: ",")[5]), sum)
                XCTAssertGreaterThan(sum * Decimal(string: "1e12")!, Decimal(string: "9223372036854775807")!,
                                     "the generated months must pass Int64 at 12 decimals")
            }
        }
        assertSameOutputs(outputs["12"]!, outputs["8"]!, "DECIMALS=12 against DECIMALS=8")
    }

    /// A price above the cap at DECIMALS=12 (9223372.036854775807) stops the run before any output changes,
    /// with the setting, its limit and what to do; the tool's status is 78 (configuration).
    func testAPriceAboveTheCapNamesTheSettingItsLimitAndTheFix() throws {
        let dir = Workdir(#function)
        dir.write("symbols.txt", "BTC-IDR\n")
        let day = CivilDate(year: 2024, month: 3, day: 4)
        let payload = #"{"timestamp":\#(day.daysSinceEpoch * 86_400_000),"multiplier":0.1,"open":9300000.5,"high":9300001.0,"#
            + #""low":9299999.0,"close":9300000.0,"shift":60000,"times":[0,1],"opens":[0,1],"highs":[0,1],"lows":[0,1],"#
            + #""closes":[0,1],"volumes":[1.5,2.5]}"#
        dir.write(DayFile(symbol: "BTC-IDR", date: day).datedPath(root: "cache", extension: "json"), payload)
        let run = dir.make(["pipeline"], variables: ["DECIMALS": "12"])
        XCTAssertEqual(run.status, 2, "\(run)")
        XCTAssertTrue(run.stderr.contains("Error 78"), "\(run)")
        XCTAssertTrue(run.stderr.contains("open of the candle at 2024-03-04 00:00:00 9300000.5 is too large for DECIMALS=12 "
                                          + "(prices up to 9223372.036854775807 fit at 12); set DECIMALS_BTC-IDR (or DECIMALS) "
                                          + "to 11 or fewer in config.mk, then run `make rebuild-full SYMBOL=BTC-IDR`"), run.stderr)
        XCTAssertFalse(dir.exists("data/aggregate/1m/BTC-IDR.csv"))
        // Doing what the message says works.
        makeOK(dir, ["rebuild-full"], variables: ["SYMBOL": "BTC-IDR", "DECIMALS": "11"])
        XCTAssertEqual(dir.readText("data/resample/1Y/BTC-IDR.csv"),
                       "time,open,high,low,close,volume\n2024-01-01 00:00:00,9300000.5,9300001.1,9299999.0,9300000.1,4.0\n")
    }
}
