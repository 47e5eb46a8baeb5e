import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// KNOWN BUG (core): a resample target that must be rebuilt from scratch crashes instead.
/// `ResampleUpdate.run` (through `RewindPlan`) rebuilds a target whole (offset 0, no pending index) when its source's history is
/// not the one it consumed: the source has a new lineage (its file and index were rebuilt) or its change log
/// no longer reaches back to the generation the target consumed (`earliestChange` is `.unknown`, e.g. after
/// 65 source runs while resample kept failing). `SeriesFile.rewind(to: 0, pendingIndex: nil)` then meets a
/// committed index whose open-offset is past 0 and stops at `preconditionFailure("cutting into the final
/// region needs a pending index")`: the tool dies with SIGILL (status 132), and does so on every later run,
/// so the pipeline stays stuck until someone deletes the resample files by hand.
/// Fix: let a full rebuild retire the old index first (remove it and fsync the directory, or commit a
/// pending index with a fresh lineage and open-offset at the header end) before truncating, in
/// `SeriesFile.rewind` or by passing that pending index from `ResampleUpdate.run` (through `RewindPlan`).
final class SeriesFileFullRebuildTests: XCTestCase {
    private let header = "time,open,high,low,close,volume\n"

    /// A committed 1-minute source file with its index.
    private func writeSource(_ dir: Workdir, lineage: String, generation: Int64) throws -> [UInt8] {
        var rng = SplitMix64(seed: 7)
        let candles = CandleGenerator.candles(count: 300, using: &rng, start: CalendarOracle.seconds(2026, 7, 10), step: 60...60)
        let csv = Array(CandleGenerator.csv(candles, scale: 8).utf8)
        dir.write("agg/SYM.csv", csv)
        var index = StageIndex(settings: "stage=aggregate decimals=8 align=utc", lineage: lineage, length: Int64(csv.count),
                               openOffset: Int64(header.utf8.count), openTime: CalendarOracle.seconds(2026, 7, 10))
        for _ in 0..<generation { index.recordChange(from: CalendarOracle.seconds(2026, 7, 10)) }
        XCTAssertEqual(index.changes.first?.0, max(1, generation - 63))
        dir.write("agg/index/SYM.idx", index.serialized())
        return csv
    }

    private func resample(_ dir: Workdir) throws -> (status: Int32, stderr: String) {
        try ToolBinary.run("ohlcv-resample", ["--symbol", "SYM", "--input", "agg/SYM.csv", "--output-dir", "out",
                                              "--timeframes", "5m"], in: dir.path)
    }

    func testResampleRebuildsWhenItsSourceWasRebuiltWithANewLineage() throws {
        let dir = Workdir(for: self)
        _ = try writeSource(dir, lineage: "aaaaaaaaaaaaaaaa", generation: 1)
        let first = try resample(dir)
        XCTAssertEqual(first.status, 0, first.stderr)
        let built = try XCTUnwrap(dir.read("out/5m/SYM.csv"))
        _ = try writeSource(dir, lineage: "bbbbbbbbbbbbbbbb", generation: 1)      // the same data, rebuilt
        let second = try resample(dir)
        XCTAssertEqual(second.status, 0, "a rebuilt source must make resample rebuild, not crash: \(second.stderr.prefix(300))")
        XCTAssertEqual(dir.read("out/5m/SYM.csv"), built)
    }

    func testResampleRebuildsWhenItsSourceLogNoLongerReachesBack() throws {
        let dir = Workdir(for: self)
        _ = try writeSource(dir, lineage: "aaaaaaaaaaaaaaaa", generation: 1)
        XCTAssertEqual(try resample(dir).status, 0)
        let built = try XCTUnwrap(dir.read("out/5m/SYM.csv"))
        _ = try writeSource(dir, lineage: "aaaaaaaaaaaaaaaa", generation: 100)    // 99 runs later, log kept 37…100
        let second = try resample(dir)
        XCTAssertEqual(second.status, 0, "an unknown change range must make resample rebuild, not crash: \(second.stderr.prefix(300))")
        XCTAssertEqual(dir.read("out/5m/SYM.csv"), built)
    }
}
