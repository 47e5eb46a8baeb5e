@testable import OHLCVCore
import OHLCVTestSupport
import XCTest

final class HeldDaysTests: XCTestCase {
    let symbol = Symbol(code: "EUR-USD", fileName: "EUR-USD")
    let day = CivilDate(year: 2026, month: 7, day: 13)

    /// A valid 2026-07-13 payload with one candle per entry of `minutes`, written the way the server writes it.
    func payload(_ minutes: [Int], close: Int = 0) -> [UInt8] {
        var deltas: [Int] = []
        var last = 0
        for (i, m) in minutes.enumerated() { deltas.append(i == 0 ? m : m - last); last = m }
        let zeros = minutes.map { _ in "0" }.joined(separator: ",")
        // The high (or low) moves with the close, so that every candle stays whole.
        let closes = minutes.enumerated().map { $0.offset == 0 ? "\(close)" : "0" }.joined(separator: ",")
        let volumes = minutes.map { _ in "1.5" }.joined(separator: ",")
        let nulls = minutes.isEmpty
        return Array("""
        {"timestamp":1783900800000,"multiplier":1.0E-5,"open":\(nulls ? "null" : "1.1"),"high":\(nulls ? "null" : "1.1"),"low":\(nulls ? "null" : "1.1"),"close":\(nulls ? "null" : "1.1"),"shift":60000,"times":[\(deltas.map(String.init).joined(separator: ","))],"opens":[\(zeros)],"highs":[\(close >= 0 ? closes : zeros)],"lows":[\(close < 0 ? closes : zeros)],"closes":[\(closes)],"volumes":[\(volumes)]}
        """.utf8)
    }

    func layout(_ dir: Workdir) -> CacheLayout {
        CacheLayout(cacheDirectory: dir.url("cache"), tempDirectory: dir.url("data/temp"))
    }

    func testTheHeldDirIsNextToTheTempDirAndOutsideTheCache() {
        XCTAssertEqual(CacheLayout.defaultHeldDirectory(temp: "data/temp"), "data/held")
        XCTAssertEqual(CacheLayout.defaultHeldDirectory(temp: "/srv/ohlcv/data/temp/"), "/srv/ohlcv/data/held")
        XCTAssertEqual(CacheLayout.defaultHeldDirectory(temp: "temp"), "held")
        XCTAssertEqual(CacheLayout.defaultHeldDirectory(temp: "/temp"), "/held")
        let l = CacheLayout(cacheDirectory: "cache", tempDirectory: "data/temp")
        XCTAssertEqual(l.heldPath(Series(symbol), day), "data/held/2026/07/EUR-USD_20260713.json")
        XCTAssertEqual(CacheLayout(cacheDirectory: "c", tempDirectory: "t", heldDirectory: "h").heldPath(Series(symbol), day),
                       "h/2026/07/EUR-USD_20260713.json")
    }

    func testHeldDaysAreOnlyTheFilesWhereHeldPathPutsThem() throws {
        let dir = Workdir(for: self)
        dir.write("data/held/2026/07/EUR-USD_20260713.json", "{}")
        dir.write("data/held/2026/07/EUR-USD_20260710.json", "{}")
        dir.write("data/held/2026/07/EUR-USD_20260711.json.tmp", "{}")     // a killed run's temp file
        dir.write("data/held/2026/06/EUR-USD_20260714.json", "{}")         // wrong month directory
        dir.write("data/held/2026/07/BTC-USD_20260712.json", "{}")
        dir.write("data/held/2026/07/EUR-USDX_20260712.json", "{}")
        XCTAssertEqual(layout(dir).heldDays(Series(symbol)), [CivilDate(year: 2026, month: 7, day: 10), day])
        XCTAssertEqual(CacheLayout(cacheDirectory: dir.url("cache"), tempDirectory: dir.url("nothing/temp")).heldDays(Series(symbol)), [])
    }

    func testListingComparesWithTheCachedDayElseTheGrowingDay() throws {
        let dir = Workdir(for: self)
        dir.write("cache/2026/07/EUR-USD_20260713.json", payload([0, 1, 2, 3]))
        dir.write("data/held/2026/07/EUR-USD_20260713.json", payload([0, 1], close: 7))
        dir.write("data/temp/EUR-USD_20260714.json", Array(String(decoding: payload([0, 5]), as: UTF8.self)
            .replacingOccurrences(of: "1783900800000", with: "1783987200000").utf8))
        dir.write("data/held/2026/07/EUR-USD_20260714.json", Array(String(decoding: payload([]), as: UTF8.self)
            .replacingOccurrences(of: "1783900800000", with: "1783987200000").utf8))
        let entries = try HeldDays(layout: layout(dir)).entries([Series(symbol)])
        XCTAssertEqual(entries.map(\.day), [day, CivilDate(year: 2026, month: 7, day: 14)])
        // Closes are running sums of the deltas: a first delta of 7 moves both remaining closes.
        XCTAssertEqual(entries[0].revision, DayRevision(changed: 2, added: 0, removed: 2))
        XCTAssertEqual(entries[0].against, "the cache")
        XCTAssertEqual(entries[1].revision, DayRevision(changed: 0, added: 0, removed: 2))
        XCTAssertEqual(entries[1].against, "the growing day")
        XCTAssertEqual(HeldDays.describe(entries[0]),
                       "EUR-USD 2026-07-13: 2 candles where the cache has 4 (2 changed, 0 added, 2 removed); \(dir.url("data/held/2026/07/EUR-USD_20260713.json"))")
    }

    func testAcceptingMovesTheHeldAnswerIntoTheCacheAndDropsTheGrowingFiles() throws {
        let dir = Workdir(for: self)
        let held = payload([0, 1])
        dir.write("cache/2026/07/EUR-USD_20260713.json", payload([0, 1, 2, 3]))
        dir.write("data/held/2026/07/EUR-USD_20260713.json", held)
        dir.write("data/temp/EUR-USD_20260713.csv", "time,open,high,low,close,volume\n")
        let lines = try HeldDays(layout: layout(dir)).accept([Series(symbol)], day: day)
        XCTAssertEqual(lines, ["EUR-USD 2026-07-13: 0 changed, 0 added, 2 removed; accepted the held-back answer into the cache (2 candles; it replaces the cache's 4)"])
        XCTAssertEqual(dir.read("cache/2026/07/EUR-USD_20260713.json"), held)
        XCTAssertFalse(dir.exists("data/held/2026/07/EUR-USD_20260713.json"))
        XCTAssertFalse(dir.exists("data/temp/EUR-USD_20260713.csv"))
        XCTAssertEqual(dir.listing("cache/2026/07"), ["EUR-USD_20260713.json"])     // no temp file left
        // Nothing held any more: a named day is an error (66), `all` is nothing to do.
        XCTAssertThrowsError(try HeldDays(layout: layout(dir)).accept([Series(symbol)], day: day)) { error in
            XCTAssertEqual(ExitStatus.code(for: (error as! OHLCVError).kind), 66)
        }
        XCTAssertEqual(try HeldDays(layout: layout(dir)).accept([Series(symbol)], day: nil), [])
    }

    func testAcceptingAnotherDayLeavesThisOneHeld() throws {
        let dir = Workdir(for: self)
        dir.write("cache/2026/07/EUR-USD_20260713.json", payload([0, 1, 2]))
        dir.write("data/held/2026/07/EUR-USD_20260713.json", payload([0]))
        XCTAssertThrowsError(try HeldDays(layout: layout(dir)).accept([Series(symbol)], day: CivilDate(year: 2026, month: 7, day: 12)))
        XCTAssertEqual(dir.read("cache/2026/07/EUR-USD_20260713.json"), payload([0, 1, 2]))
        XCTAssertTrue(dir.exists("data/held/2026/07/EUR-USD_20260713.json"))
    }

    func testADamagedHeldFileIsADataErrorAndNothingMoves() throws {
        let dir = Workdir(for: self)
        let cached = payload([0, 1, 2])
        dir.write("cache/2026/07/EUR-USD_20260713.json", cached)
        dir.write("data/held/2026/07/EUR-USD_20260713.json", Array(payload([0]).dropLast(5)))
        XCTAssertThrowsError(try HeldDays(layout: layout(dir)).accept([Series(symbol)], day: nil)) { error in
            let e = error as! OHLCVError
            XCTAssertEqual(ExitStatus.code(for: e.kind), 65)
            XCTAssertEqual(e.file, dir.url("data/held/2026/07/EUR-USD_20260713.json"))
        }
        XCTAssertEqual(dir.read("cache/2026/07/EUR-USD_20260713.json"), cached)
    }
}
