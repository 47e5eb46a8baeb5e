import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// behaviour §4 and §5 through make: time shifts, the DST-aware New York close, custom timeframes, and refusing to
/// mix alignments. Results are checked against Foundation's time zone database and an independent resampler.
final class AlignmentTests: XCTestCase {
    static let newYork = TimeZone(identifier: "America/New_York")!

    /// Server time = New York local time + 7 h, from Foundation's time zone database.
    func nyClose(_ utc: Date) -> Date {
        utc.addingTimeInterval(Double(Self.newYork.secondsFromGMT(for: utc)) + 7 * 3600)
    }

    func rows(_ dir: Workdir, _ path: String) -> [IndependentResampler.Row] {
        IndependentResampler.parse(dir.readText(path)!)
    }

    func testRealFixturesUnderUTCAFixedGMTPlus2AndNewYorkClose() throws {
        try requireFixtures()
        let cache = Fixtures.path("btc-usd-2023-02/cache")
        var builds: [String: Workdir] = [:]
        for (name, vars) in [("utc", [String: String]()), ("gmt2", ["TIME_SHIFT_MS": "7200000"]), ("ny", ["NY_CLOSE_SYMBOLS": "BTC-USD"])] {
            let dir = Workdir("\(#function)-\(name)")
            dir.write("symbols.txt", "BTC-USD\n")
            makeOK(dir, variables: vars.merging(["CACHE_DIR": cache]) { $1 })
            builds[name] = dir
        }
        let utc = rows(builds["utc"]!, "data/aggregate/1m/BTC-USD.csv")
        for name in ["gmt2", "ny"] {
            let dir = builds[name]!
            let shifted = rows(dir, "data/aggregate/1m/BTC-USD.csv")
            XCTAssertEqual(shifted.count, utc.count)
            for (a, b) in zip(utc, shifted) {
                let expected = name == "gmt2" ? a.time.addingTimeInterval(7200) : nyClose(a.time)
                XCTAssertEqual(b.time, expected, "\(name): \(a.time)")
                XCTAssertEqual([b.o, b.h, b.l, b.c, b.v], [a.o, a.h, a.l, a.c, a.v])
            }
            for tf in ["1h", "4h", "1d", "1W", "1M", "1Y"] {
                XCTAssertEqual(rows(dir, "data/resample/\(tf)/BTC-USD.csv"), IndependentResampler.resample(shifted, tf), "\(name) \(tf)")
            }
        }
    }

    /// Both DST changes of 2024 (10 March, 3 November) for an FX symbol: every candle at UTC + 2 h or + 3 h
    /// as New York's clock says, the Sunday open on Monday 00:00, and weeks that match the broker's; both sides.
    func testFXAcrossBothDSTChangesOfAYear() throws {
        for start in [CivilDate(year: 2024, month: 3, day: 6), CivilDate(year: 2024, month: 10, day: 30)] {
            let dir = Workdir("\(#function)-\(start)")
            let h = PipelineHarness(dir, seed: 31, symbols: ["EUR-USD"], sides: [.bid, .ask])
            for i in 0..<10 { h.writeFinalDay(start.adding(days: Int64(i))) }
            makeOK(dir, variables: ["NY_CLOSE_SYMBOLS": "EUR-USD"])
            let utcDir = Workdir("\(#function)-\(start)-utc")
            let hu = PipelineHarness(utcDir, seed: 31, symbols: ["EUR-USD"], sides: [.bid, .ask])
            for i in 0..<10 { hu.writeFinalDay(start.adding(days: Int64(i))) }
            makeOK(utcDir)
            for series in ["EUR-USD", "EUR-USD@ASK"] {
                let utc = rows(utcDir, "data/aggregate/1m/\(series).csv")
                let ny = rows(dir, "data/aggregate/1m/\(series).csv")
                XCTAssertEqual(ny.map(\.time), utc.map { nyClose($0.time) })
                let daily = rows(dir, "data/resample/1d/\(series).csv")
                for d in daily {
                    let weekday = IndependentResampler.calendar.component(.weekday, from: d.time)
                    XCTAssertTrue((2...6).contains(weekday), "a daily candle on weekday \(weekday) at \(d.time): the Sunday open must fall on Monday")
                }
                for tf in ["1d", "1W", "1M"] {
                    XCTAssertEqual(rows(dir, "data/resample/\(tf)/\(series).csv"), IndependentResampler.resample(ny, tf), "\(series) \(start) \(tf)")
                }
            }
        }
    }

    func testA247SymbolAtTheAutumnChangeIsRefusedNamingSymbolAndDay() throws {
        let dir = Workdir(#function)
        let h = PipelineHarness(dir, seed: 3, symbols: ["BTC-USD"])
        for i in 0..<3 { h.writeFinalDay(CivilDate(year: 2024, month: 11, day: 2).adding(days: Int64(i))) }
        let run = dir.make(["pipeline"], variables: ["NY_CLOSE_SYMBOLS": "BTC-USD"])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("ABORT! Critical error in transform: BTC-USD: "), run.stderr)
        XCTAssertTrue(run.stderr.contains("BTC-USD_20241103.json"), "names the day: \(run.stderr)")
        XCTAssertTrue(run.stderr.contains("ny-close alignment repeats the hour 08:00-08:59 of server time on 2024-11-03"), run.stderr)
        XCTAssertTrue(run.stderr.contains("Error 78"), run.stderr)
        XCTAssertFalse(dir.exists("data/aggregate/1m/BTC-USD.csv"))
    }

    func testCustomTimeframesAndBinOffsetsMatchAnIndependentResampler() throws {
        let dir = Workdir(#function)
        let h = PipelineHarness(dir, seed: 17, symbols: ["BTC-USD"])
        for i in 0..<12 { h.writeFinalDay(CivilDate(year: 2024, month: 2, day: 24).adding(days: Int64(i))) }
        let timeframes = ["2h", "3h", "12h", "4h+1h", "90m", "7m", "2d", "1W", "3M", "1Y"]
        makeOK(dir, variables: ["TIMEFRAMES": timeframes.joined(separator: " "), "TIME_SHIFT_MS": "7200000"])
        let minutes = rows(dir, "data/aggregate/1m/BTC-USD.csv")
        for tf in timeframes {
            XCTAssertEqual(rows(dir, "data/resample/\(tf)/BTC-USD.csv"), IndependentResampler.resample(minutes, tf), tf)
        }
        let plan = dir.run("resample", ["--symbol", "BTC-USD", "--input", "x.csv", "--output-dir", "out", "--plan",
                                        "--timeframes", timeframes.joined(separator: " ")])
        XCTAssertEqual(plan.stdoutText, """
            7m <- 1m
            90m <- 1m
            2h <- 1m
            3h <- 90m
            4h+1h <- 1m
            12h <- 3h
            2d <- 12h
            1W <- 12h
            3M <- 12h
            1Y <- 3M

            """)
    }

    func testChangingTheAlignmentIsRefusedUntilARebuild() throws {
        let dir = Workdir(#function)
        let h = PipelineHarness(dir, seed: 8, symbols: ["BTC-USD"], sides: [.bid, .ask])
        for i in 0..<3 { h.writeFinalDay(CivilDate(year: 2024, month: 5, day: 1).adding(days: Int64(i))) }
        makeOK(dir)
        h.writeFinalDay(CivilDate(year: 2024, month: 5, day: 4))
        let before = dir.snapshot("data/resample")
        let run = dir.make(["pipeline"], variables: ["TIME_SHIFT_MS": "7200000"])
        XCTAssertNotEqual(run.status, 0)
        // The setting is the symbol's: the advice names the symbol, whichever of its series stopped first.
        XCTAssertTrue(run.stderr.contains("make rebuild-full SYMBOL=BTC-USD`"), run.stderr)
        XCTAssertEqual(dir.snapshot("data/resample"), before)
        makeOK(dir, ["rebuild-full"], variables: ["TIME_SHIFT_MS": "7200000"])
        let clean = Workdir("\(#function)-clean")
        let hc = PipelineHarness(clean, seed: 8, symbols: ["BTC-USD"], sides: [.bid, .ask])
        for i in 0..<4 { hc.writeFinalDay(CivilDate(year: 2024, month: 5, day: 1).adding(days: Int64(i))) }
        makeOK(clean, variables: ["TIME_SHIFT_MS": "7200000"])
        assertSameOutputs(h.outputs(), hc.outputs(), "after rebuild-full")
    }

    func testABadTimeframeIsAConfigurationError() throws {
        let dir = Workdir(#function)
        let h = PipelineHarness(dir, seed: 8, symbols: ["BTC-USD"])
        h.writeFinalDay(CivilDate(year: 2024, month: 5, day: 1))
        let run = dir.make(["pipeline"], variables: ["TIMEFRAMES": "5m 7x"])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("timeframe '7x'"), run.stderr)
    }

    func testIncrementalRunsEqualTheCleanBuildUnderEveryAlignment() throws {
        let days = (0..<8).map { CivilDate(year: 2024, month: 3, day: 7).adding(days: Int64($0)) }
        for vars in [["TIME_SHIFT_MS": "7200000"], ["NY_CLOSE_SYMBOLS": "EUR-USD"], ["TIME_SHIFT_MS": "-18000000"]] {
            let dir = Workdir("\(#function)-\(vars.values.first!)")
            let h = PipelineHarness(dir, seed: 12, symbols: ["EUR-USD"], sides: [.bid, .ask])
            for d in days {
                h.writeGrowingDay(d, minutes: 700); makeOK(dir, variables: vars)
                h.writeFinalDay(d); h.retireGrowingDay(d); makeOK(dir, variables: vars)
            }
            let clean = Workdir("\(#function)-clean-\(vars.values.first!)")
            let hc = PipelineHarness(clean, seed: 12, symbols: ["EUR-USD"], sides: [.bid, .ask])
            for d in days { hc.writeFinalDay(d) }
            makeOK(clean, variables: vars)
            XCTAssertNotNil(h.outputs()["resample/1d/EUR-USD@ASK.csv"], "\(vars): the ask side is built")
            assertSameOutputs(h.outputs(), hc.outputs(), "\(vars)")
        }
    }
}
