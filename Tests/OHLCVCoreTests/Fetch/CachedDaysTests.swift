import Foundation
@testable import OHLCVCore
import OHLCVTestSupport
import XCTest

/// CachedDays answers what a `stat` of each day's cache path answers, from one listing per month directory.
final class CachedDaysTests: XCTestCase {
    func series(_ text: String) throws -> Series { try Series(parsing: text) }

    /// Random caches of several series (both sides, names that are prefixes of others) with decoys that are not
    /// day files of these series: every day of the range, for every series, agrees with FileSystem.exists.
    func testAgreesWithAStatOfEveryDayOnRandomCaches() throws {
        let all = try ["EUR-USD", "EUR-USD@ASK", "EURUSD", "BTC-USD", "XAU-USD@ASK"].map(series)
        let from = CivilDate(year: 2023, month: 11, day: 14), through = CivilDate(year: 2024, month: 3, day: 2)
        for seed in 1...20 as ClosedRange<UInt64> {
            var rng = SeededRandom(seed: seed)
            let dir = Workdir("cached-days-\(seed)")
            let layout = CacheLayout(cacheDirectory: dir.url("cache"), tempDirectory: dir.url("temp"))
            // Days a little outside the range too: they must not count inside it, nor break it.
            for d in (from.daysSinceEpoch - 40)...(through.daysSinceEpoch + 40) {
                let day = CivilDate(daysSinceEpoch: d)
                for s in all where Int.random(in: 0..<3, using: &rng) == 0 { dir.write(layout.cachePath(s, day), "{}") }
                let month = "\(day.year)/\(day.month < 10 ? "0" : "")\(day.month)"
                switch Int.random(in: 0..<12, using: &rng) {
                case 0: dir.write("cache/\(month)/EUR-USD_\(day.compact).json.tmp", "{}")     // a temporary
                case 1: dir.write("cache/\(month)/EUR-USD_\(day.compact).csv", "x")           // other extension
                case 2: dir.write("cache/\(month)/EUR-USDX_\(day.compact).json", "{}")        // another series
                case 3:                                                                          // filed under the wrong month
                    let other = day.adding(days: 40)
                    dir.write("cache/\(other.year)/\(other.month < 10 ? "0" : "")\(other.month)/BTC-USD_\(day.compact).json", "{}")
                case 4: dir.write("cache/\(month)/BTC-USD_\(day.year)0231.json", "{}")          // no such date
                case 5: dir.write("cache/\(month)/_\(day.compact).json", "{}")                  // no series name
                default: break
                }
            }
            let cached = CachedDays(layout: layout, series: all, from: from, through: through)
            var present = 0
            for d in (from.daysSinceEpoch - 5)...(through.daysSinceEpoch + 5) {
                let day = CivilDate(daysSinceEpoch: d)
                for s in all {
                    let exists = FileSystem.exists(layout.cachePath(s, day))
                    XCTAssertEqual(cached.contains(s, day), exists, "seed \(seed): \(s.fileName) \(day)")
                    if exists { present += 1 }
                }
            }
            XCTAssertGreaterThan(present, 100, "the caches are not empty")
            dir.discard()
        }
    }

    func testAMissingCacheHoldsNothingAndAnEmptyRangeListsNothing() throws {
        let dir = Workdir(for: self)
        let layout = CacheLayout(cacheDirectory: dir.url("cache"), tempDirectory: dir.url("temp"))
        let eur = try series("EUR-USD")
        let day = CivilDate(year: 2024, month: 1, day: 5)
        XCTAssertFalse(CachedDays(layout: layout, series: [eur], from: day, through: day).contains(eur, day))
        dir.write(layout.cachePath(eur, day), "{}")
        // through before from: nothing is listed, so the answer comes from the file system.
        let empty = CachedDays(layout: layout, series: [eur], from: day, through: day.adding(days: -1))
        XCTAssertTrue(empty.contains(eur, day))
    }
}
