import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// Issue #12 through make: each side is a series of its own, and adding, removing or choosing sides per
/// symbol never touches the BID files.
final class SidesTests: XCTestCase {
    let days: [CivilDate] = (0..<6).map { CivilDate(year: 2024, month: 2, day: 27).adding(days: Int64($0)) }

    /// Every file below data/ that belongs to a BID series (no `@ASK` in its path), indexes and stamps included,
    /// but not the run's own bookkeeping: locks, and stamp/SYM.changed, the list of payloads that make found
    /// newer than the stamp (rewritten, empty, when an ask day lands in a month folder that BID days share).
    func bidFiles(_ dir: Workdir) -> [String: [UInt8]] {
        dir.snapshot("data").filter {
            !$0.key.contains("@ASK") && !$0.key.hasPrefix("locks/") && !$0.key.hasPrefix("retired/") && !$0.key.hasSuffix(".changed")
        }
    }

    /// The names of the files that differ between two snapshots (added, removed or changed).
    func changed(_ a: [String: [UInt8]], _ b: [String: [UInt8]]) -> [String] {
        Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
    }

    func served(_ h: PipelineHarness) -> [String: [UInt8]] { h.outputs().filter { !$0.key.hasPrefix("retired/") } }

    func cleanBuild(_ name: String, sides: [Side], growing: Bool = true) -> [String: [UInt8]] {
        let dir = Workdir(name)
        let h = PipelineHarness(dir, seed: 21, sides: sides)
        for d in days { h.writeFinalDay(d) }
        if growing { h.writeGrowingDay(days[5].adding(days: 1), minutes: 500) }
        makeOK(dir)
        return h.outputs()
    }

    func testAddingTheAskSideLeavesEveryBidFileAsItWasAndBuildsTheCleanAsk() throws {
        let dir = Workdir(#function)
        let bidOnly = PipelineHarness(dir, seed: 21)
        for d in days { bidOnly.writeFinalDay(d) }
        bidOnly.writeGrowingDay(days[5].adding(days: 1), minutes: 500)
        makeOK(dir)
        let before = bidFiles(dir)
        XCTAssertFalse(before.isEmpty)
        XCTAssertFalse(dir.snapshot("data").keys.contains { $0.contains("@ASK") })

        // The ask days arrive in the same month folders (fetch's job) and SIDES says both: the BID files are
        // not even rewritten.
        let ask = PipelineHarness(dir, seed: 21, sides: [.ask])
        for d in days { ask.writeFinalDay(d) }
        ask.writeGrowingDay(days[5].adding(days: 1), minutes: 500)
        dir.write("config.mk", "SIDES = BID ASK\n")
        makeOK(dir)
        XCTAssertEqual(changed(bidFiles(dir), before), [], "BID files changed when the ask side was added")
        let outputs = PipelineHarness(dir, seed: 21).outputs()
        XCTAssertNotNil(outputs["aggregate/1m/EUR-USD@ASK.csv"])
        XCTAssertNotNil(outputs["resample/1W/BTC-USD@ASK.csv"])
        assertSameOutputs(outputs, cleanBuild("\(#function)-clean", sides: [.bid, .ask]), "after adding ASK")
    }

    func testAskCandlesLieAboveBidCandlesAtEveryTimeframe() throws {
        let outputs = cleanBuild(#function, sides: [.bid, .ask])
        for (path, bytes) in outputs where path.hasSuffix("@ASK.csv") {
            let bid = rowsByTime(outputs[path.replacingOccurrences(of: "@ASK", with: "")] ?? [])
            let ask = rowsByTime(bytes)
            XCTAssertFalse(ask.isEmpty, path)
            XCTAssertEqual(Set(ask.keys), Set(bid.keys), "\(path): the two sides have the same candle times")
            for (time, a) in ask {
                let b = bid[time]!
                for i in 0..<4 { XCTAssertGreaterThan(a[i], b[i], "\(path) \(time): field \(i + 1)") }
            }
        }
    }

    func testARemovedSideIsRetiredAndARebuildOfTheBidIgnoresTheAskCache() throws {
        let dir = Workdir(#function)
        let h = PipelineHarness(dir, seed: 21, sides: [.bid, .ask])
        for d in days { h.writeFinalDay(d) }
        makeOK(dir)
        let bid = bidFiles(dir)
        let askHour = dir.read("data/resample/1h/EUR-USD@ASK.csv")
        let cache = dir.snapshot("cache")

        dir.write("config.mk", "SIDES = BID\n")
        let run = makeOK(dir)
        XCTAssertTrue(run.stderr.contains("EUR-USD@ASK: ASK is no longer among the sides of EUR-USD (SIDES): moved its candles to "), run.stderr)
        XCTAssertFalse(dir.snapshot("data").keys.contains { $0.contains("@ASK") && !$0.hasPrefix("retired/") })
        let retired = dir.listing("data/retired").filter { $0.hasSuffix("EUR-USD@ASK/resample/1h/EUR-USD@ASK.csv") }
        XCTAssertEqual(retired.count, 1, "\(dir.listing("data/retired"))")
        XCTAssertEqual(dir.read("data/retired/\(retired[0])"), askHour)
        XCTAssertEqual(changed(bidFiles(dir), bid), [], "BID files changed when the ask side was retired")
        XCTAssertEqual(dir.snapshot("cache"), cache, "the cache is never touched")

        // rebuild-full of the BID side reads only BID payloads, though the ask ones are still cached.
        makeOK(dir, ["rebuild-full"], variables: ["SYMBOL": "EURUSD"])
        assertSameOutputs(served(PipelineHarness(dir, seed: 21)), cleanBuild("\(#function)-clean", sides: [.bid], growing: false),
                          "rebuild-full, BID only")
    }

    func testSidesPerSymbolBuildOnlyTheNamedSeries() throws {
        let dir = Workdir(#function)
        let h = PipelineHarness(dir, seed: 21, sides: [.bid, .ask])
        for d in days { h.writeFinalDay(d) }
        dir.write("config.mk", "SIDES_BTCUSD = ASK\n")
        makeOK(dir)
        let csvs = Set(dir.listing("data/aggregate/1m").filter { $0.hasSuffix(".csv") })
        XCTAssertEqual(csvs, ["EUR-USD.csv", "BTC-USD@ASK.csv"])
        let only = PipelineHarness(Workdir("\(#function)-ask"), seed: 21, symbols: ["BTC-USD"], sides: [.ask])
        for d in days { only.writeFinalDay(d) }
        makeOK(only.dir)
        XCTAssertEqual(dir.read("data/resample/1d/BTC-USD@ASK.csv"), only.dir.read("data/resample/1d/BTC-USD@ASK.csv"))
        // A bad side names the setting and where it was set, before anything runs.
        dir.write("config.mk", "SIDES_BTCUSD = ASK MID\n")
        let bad = dir.make(["pipeline"])
        XCTAssertEqual(bad.status, 2, "\(bad)")
        XCTAssertTrue(bad.stderr.contains("ABORT! Critical error in config: \(dir.url("config.mk")):1: bad setting SIDES_BTCUSD = 'ASK MID'"), bad.stderr)
        XCTAssertTrue(bad.stderr.contains("Error 78"), bad.stderr)
    }

    /// A correction of one ask day rewrites that series only, and the run's summary names only it, though make
    /// reruns every series whose days share the month folder (as no-ops).
    func testTheSummaryNamesOnlyTheSeriesWhoseCandlesChanged() throws {
        let dir = Workdir(#function)
        let h = PipelineHarness(dir, seed: 21, sides: [.bid, .ask])
        for d in days { h.writeFinalDay(d) }
        makeOK(dir)
        let before = dir.snapshot("data/resample")
        let other = PipelineHarness(Workdir("\(#function)-source"), seed: 99, symbols: ["EUR-USD"], sides: [.ask])
        dir.write(h.cachePath("EUR-USD@ASK", days[2]), other.symbols[0].generator.payload(date: days[2], side: .ask))
        let run = makeOK(dir)
        XCTAssertTrue(run.stderr.contains(": 4 series, 1 updated (EUR-USD@ASK);"), run.stderr)
        let changed = Set(dir.snapshot("data/resample").filter { before[$0.key] != $0.value }.keys.map { ($0 as NSString).lastPathComponent })
        XCTAssertEqual(changed, ["EUR-USD@ASK.csv", "EUR-USD@ASK.idx"], "files of other series were rewritten")
    }

    /// time → [open, high, low, close] as exact decimals.
    func rowsByTime(_ bytes: [UInt8]) -> [String: [Decimal]] {
        var rows: [String: [Decimal]] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            rows[String(f[0])] = f[1...4].map { Decimal(string: String($0))! }
        }
        return rows
    }
}
