import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// behaviour §6: however the same data arrives — day by day, minute by minute through the growing day, in random
/// batches, or with an old day corrected later — the files equal one clean build from the final cache. Every
/// symbol is built for both sides (SIDES = BID ASK), so each property holds for the ask series as for the bid.
final class IncrementalPropertyTests: XCTestCase {
    let sides: [Side] = [.bid, .ask]

    /// Crosses a week, a month and a year boundary, with FX weekends.
    let days: [CivilDate] = (0..<14).map { CivilDate(year: 2023, month: 12, day: 26).adding(days: Int64($0)) }

    func cleanBuild(seed: UInt64, alignment: [String: String] = [:], mutate: ((PipelineHarness) -> Void)? = nil) -> [String: [UInt8]] {
        let dir = Workdir("clean-\(seed)")
        let h = PipelineHarness(dir, seed: seed, sides: sides)
        for d in days { h.writeFinalDay(d) }
        mutate?(h)
        makeOK(dir, variables: alignment)
        return h.outputs().filter { !$0.key.hasPrefix("temp/") }
    }

    func testAnySplitOfTheInputGivesTheCleanBuild() throws {
        // Three rounds with seeds base, base + 1, base + 2: OHLCV_SEED=base replays all three.
        let base = SeededRandom.seedFromEnvironment(default: 1000)
        for round in 0..<3 {
            let seed = base &+ UInt64(round)
            var rng = SeededRandom(seed: seed)
            let dir = Workdir("\(#function)-\(round)")
            let h = PipelineHarness(dir, seed: seed, sides: sides)
            var runs = 0
            for d in days {
                // Some hours of the growing day, cut at random minutes, each followed by a run (or not).
                let cuts = (0..<Int(rng.next() % 4)).map { _ in Int(rng.next() % 1440) }.sorted()
                for cut in cuts {
                    h.writeGrowingDay(d, minutes: cut)
                    if rng.next() % 3 != 0 { makeOK(dir); runs += 1 }
                }
                // Midnight: the day becomes final.
                h.writeFinalDay(d)
                h.retireGrowingDay(d)
                if rng.next() % 2 == 0 { makeOK(dir); runs += 1 }
            }
            makeOK(dir)
            assertSameOutputs(h.outputs().filter { !$0.key.hasPrefix("temp/") }, cleanBuild(seed: seed),
                              "seed \(seed) (replay with OHLCV_SEED=\(base)), \(runs) runs")
        }
    }

    func testACorrectedOldDayRewindsOnlyWhatFollowsAndEqualsTheCleanBuild() throws {
        let seed = SeededRandom.seedFromEnvironment(default: 77)
        let dir = Workdir(#function)
        let h = PipelineHarness(dir, seed: seed, sides: sides)
        for d in days { h.writeFinalDay(d) }
        makeOK(dir)
        let resampleBefore = ["BTC-USD", "BTC-USD@ASK"].map { ($0, dir.read("data/resample/1h/\($0).csv")!) }
        // A backfill: day 10 changes (another seed's content for that day), as rebuild-weekly would find it.
        let corrected = PipelineHarness(Workdir("corrected-source"), seed: seed &+ 99, sides: sides)
        for (name, gen, side) in corrected.symbols { dir.write(h.cachePath(name, days[9]), gen.payload(date: days[9], side: side)) }
        makeOK(dir)
        let expected = cleanBuild(seed: seed) { clean in
            for (name, gen, side) in corrected.symbols {
                clean.dir.write(clean.cachePath(name, self.days[9]), gen.payload(date: self.days[9], side: side))
            }
        }
        assertSameOutputs(h.outputs(), expected, "after the correction")
        // Only the tail was rewritten: the rows before the corrected day are the same bytes, on both sides.
        for (series, before) in resampleBefore {
            let after = dir.read("data/resample/1h/\(series).csv")!
            let prefix = String(decoding: before, as: UTF8.self).components(separatedBy: "\n2024-01-04")[0]
            XCTAssertTrue(String(decoding: after, as: UTF8.self).hasPrefix(prefix), series)
            XCTAssertNotEqual(after, before, series)
        }
    }

    func testFilterModeAgreesWithFileModeForEveryTimeframe() throws {
        let seed = SeededRandom.seedFromEnvironment(default: 5)
        let dir = Workdir(#function)
        let h = PipelineHarness(dir, seed: seed, symbols: ["BTC-USD"], sides: sides)
        for d in days { h.writeFinalDay(d) }
        makeOK(dir)
        for series in ["BTC-USD", "BTC-USD@ASK"] {
            for tf in PipelineTests.timeframes {
                let r = dir.run("resample", ["--timeframe", tf, "data/aggregate/1m/\(series).csv"])
                XCTAssertEqual(r.status, 0, "\(r)")
                XCTAssertEqual(r.stdout, dir.read("data/resample/\(tf)/\(series).csv"), "\(series) \(tf): cascade and direct resampling differ")
            }
        }
    }
}
