import Foundation
@testable import OHLCVCore
import OHLCVTestSupport
import XCTest

/// CascadePass (behaviour §5, §6): a cold build writes every level in one read of the 1-minute file, each level
/// equal to bucketing the 1-minute rows directly into its timeframe, with an index that points into its source;
/// an incremental run has one level per pass; a level rebuilt alone takes the levels below it into its pass;
/// a failure in a level below rolls the whole pass back.
final class CascadePassTests: XCTestCase {
    let decimals = 5
    let symbol = "EUR-USD"
    let start: Int64 = 1_704_067_200    // 2024-01-01 00:00:00

    /// `count` 1-minute rows from `from`, each 1 to 400 minutes after the last (so bins of every size are
    /// sparse, full or empty), prices a random walk, volumes with 0 to 3 decimals.
    func minuteRows(_ count: Int, from: Int64, seed: UInt64) -> [Candle] {
        var rng = SeededRandom(seed: seed)
        var t = from, price: Int64 = 110_000
        return (0..<count).map { _ in
            t += 60 * Int64.random(in: 1...400, using: &rng)
            let open = price
            price += Int64.random(in: -30...30, using: &rng)
            let high = max(open, price) + Int64.random(in: 0...9, using: &rng)
            let low = min(open, price) - Int64.random(in: 0...9, using: &rng)
            return Candle(time: t, open: open, high: high, low: low, close: price,
                          volume: Int128(Int64.random(in: 0...9_999_999, using: &rng)))
        }
    }

    /// Writes `rows` as a CSV at `path` with CandleCSVWriter; returns its byte length.
    @discardableResult
    func writeCSV(_ path: String, _ rows: [Candle]) throws -> Int64 {
        try FileSystem.makeDirectories(FileSystem.directoryName(path))
        let fd = try FileDescriptor.open(path, .createTruncate)
        defer { fd.close() }
        let out = OutputBuffer(fd: fd)
        let writer = CandleCSVWriter(out: out, scale: decimals)
        try writer.writeHeader()
        for r in rows { try writer.write(r) }
        try out.flush()
        return out.position
    }

    /// The 1-minute file as aggregate would commit it: `rows`, and an index whose open candle is the last
    /// row; `previous` (an earlier commit) keeps the lineage and counts a new generation changed from `changed`.
    @discardableResult
    func commitSource(_ dir: Workdir, _ rows: [Candle], previous: StageIndex? = nil, changed: Int64? = nil) throws -> StageIndex {
        let path = dir.url("1m/\(symbol).csv")
        let length = try writeCSV(path, rows)
        let lastRow = try writeCSV(dir.url("scratch.csv"), Array(rows.dropLast())) // offset of the last row
        var index = previous ?? StageIndex(settings: "stage=aggregate", lineage: "00000000000000a1", length: 0, openOffset: 0, openTime: nil)
        index.length = length
        index.openOffset = lastRow
        index.openTime = rows.last!.time / 86_400 * 86_400
        if let changed { index.recordChange(from: changed) }
        try FileSystem.makeDirectories(dir.url("1m/index"))
        dir.write("1m/index/\(symbol).idx", index.serialized())
        return index
    }

    func update(_ dir: Workdir) throws -> ResampleUpdate {
        ResampleUpdate(symbol: symbol, input: dir.url("1m/\(symbol).csv"), outputDirectory: dir.url("out"),
                       plan: try CascadePlan(Timeframe.defaults), decimals: decimals, alignment: .utc)
    }

    /// Every level equals the 1-minute rows bucketed straight into its timeframe (no cascade involved), and its
    /// index describes its own bytes and its source's: length, open row, open bin, the source row that opened it.
    func assertLevelsMatch(_ dir: Workdir, _ rows: [Candle], file: StaticString = #filePath, line: UInt = #line) throws {
        let u = try update(dir)
        for step in u.plan.steps {
            var bucketer = CandleBucketer(timeframe: step.timeframe, scale: decimals)
            var bins: [Candle] = []
            for r in rows { if let done = try bucketer.add(r) { bins.append(done) } }
            bins.append(bucketer.current!)
            try writeCSV(dir.url("expected.csv"), bins)
            let got = try XCTUnwrap(dir.read(u.path(step.timeframe)), file: file, line: line)
            XCTAssertEqual(got, dir.read("expected.csv"), "\(step.timeframe) differs from direct bucketing", file: file, line: line)

            let index = try StageIndex(parsing: try XCTUnwrap(dir.read(IndexStore.path(forCSV: u.path(step.timeframe)))))
            let source = try StageIndex(parsing: try XCTUnwrap(dir.read(IndexStore.path(forCSV: u.path(step.source)))))
            let sourceBytes = try XCTUnwrap(dir.read(u.path(step.source)))
            XCTAssertEqual(index.length, Int64(got.count), "\(step.timeframe)", file: file, line: line)
            XCTAssertEqual(index.openOffset, Int64(got.count - (got.dropLast().lastIndex(of: 10).map { got.count - 1 - $0 } ?? 0)),
                           "\(step.timeframe): open offset is the last row", file: file, line: line)
            XCTAssertEqual(index.openTime, bins.last!.time, "\(step.timeframe)", file: file, line: line)
            XCTAssertEqual(index.sourceLineage, source.lineage, "\(step.timeframe)", file: file, line: line)
            XCTAssertEqual(index.sourceLength, Int64(sourceBytes.count), "\(step.timeframe)", file: file, line: line)
            XCTAssertEqual(index.sourceGeneration, source.generation, "\(step.timeframe)", file: file, line: line)
            // The source row that opened the open bin: the first whose time is at or after the bin's start.
            let opener = String(decoding: sourceBytes[Int(index.sourceOpenOffset)...].prefix(19), as: UTF8.self)
            let previousRowEnd = sourceBytes[..<Int(index.sourceOpenOffset)].last
            XCTAssertEqual(previousRowEnd, 10, "\(step.timeframe): source open offset is a row start", file: file, line: line)
            XCTAssertGreaterThanOrEqual(try XCTUnwrap(TimestampText.parse(opener)), bins.last!.time, file: file, line: line)
            let before = String(decoding: sourceBytes[..<Int(index.sourceOpenOffset - 1)].split(separator: 10).last!.prefix(19), as: UTF8.self)
            if before != "time,open,high,low," {
                XCTAssertLessThan(try XCTUnwrap(TimestampText.parse(before)), bins.last!.time, "\(step.timeframe)", file: file, line: line)
            }
        }
    }

    func testAColdBuildIsOnePassFromTheOneMinuteFileAndEqualsDirectBucketing() throws {
        let dir = Workdir(for: self)
        let rows = minuteRows(6_000, from: start, seed: 11)
        try commitSource(dir, rows)
        let u = try update(dir)
        let pass = try XCTUnwrap(try CascadePass.open(u.plan.steps[0], later: u.plan.steps.dropFirst(), update: u))
        XCTAssertEqual(pass.levels.map(\.step.timeframe.description), Timeframe.defaults.filter { $0 != "1m" },
                       "every level is built from the one read of the 1-minute file")
        XCTAssertEqual(pass.levels[0].children.map(\.step.timeframe.description), ["15m"])
        XCTAssertEqual(pass.levels.first { $0.step.timeframe.description == "1d" }?.children.map(\.step.timeframe.description), ["1W", "1M"])
        _ = try pass.run(symbol: symbol, progress: Progress(stage: "resample", enabled: false))
        try assertLevelsMatch(dir, rows)
    }

    func testAnIncrementalRunReadsEachSourceOnItsOwnAndStaysEqualToDirectBucketing() throws {
        let dir = Workdir(for: self)
        let rows = minuteRows(4_000, from: start, seed: 12)
        let first = try commitSource(dir, Array(rows.prefix(3_000)))
        try update(dir).run()
        try commitSource(dir, rows, previous: first, changed: rows[2_999].time)   // the open row and after
        let u = try update(dir)
        let pass = try XCTUnwrap(try CascadePass.open(u.plan.steps[0], later: u.plan.steps.dropFirst(), update: u))
        XCTAssertEqual(pass.levels.count, 1, "a reopen needs its source's new commit: one level per pass")
        XCTAssertEqual(pass.levels[0].rewind.kind, .reopen)
        _ = try pass.run(symbol: symbol, progress: Progress(stage: "resample", enabled: false))
        try u.run()
        try assertLevelsMatch(dir, rows)
    }

    func testALevelRebuiltAloneTakesTheLevelsBelowItIntoItsPass() throws {
        let dir = Workdir(for: self)
        let rows = minuteRows(5_000, from: start, seed: 13)
        try commitSource(dir, rows)
        try update(dir).run()
        dir.remove("out/1h/index/\(symbol).idx")
        let u = try update(dir)
        XCTAssertNil(try CascadePass.open(u.plan.steps[0], later: u.plan.steps.dropFirst(), update: u), "5m is up to date")
        let i = try XCTUnwrap(u.plan.steps.firstIndex { $0.timeframe.description == "1h" })
        let pass = try XCTUnwrap(try CascadePass.open(u.plan.steps[i], later: u.plan.steps[(i + 1)...], update: u))
        XCTAssertEqual(pass.levels.map(\.step.timeframe.description), ["1h", "4h", "8h", "1d", "1W", "1M", "1Y"])
        _ = try pass.run(symbol: symbol, progress: Progress(stage: "resample", enabled: false))
        try assertLevelsMatch(dir, rows)
    }

    func testAFailureInALevelBelowRollsThePassBackAndNamesThatLevelsSource() throws {
        let dir = Workdir(for: self)
        var rows = minuteRows(2_000, from: start, seed: 14)
        // Two volumes that fit one by one, and in every bin but the year's: only 1Y (built from 1M) overflows.
        let huge = Int128.max / 2 + 1
        rows[10].volume = huge
        rows[1_990].volume = huge
        XCTAssertNotEqual(rows[10].time / (31 * 86_400), rows[1_990].time / (31 * 86_400))
        try commitSource(dir, rows)
        let before = dir.read("1m/\(symbol).csv")
        XCTAssertThrowsError(try update(dir).run()) { error in
            let e = error as? OHLCVError
            XCTAssertEqual(e?.file, try? update(dir).path(Timeframe(parsing: "1M")))
            guard case .exceedsDecimalsLimit(quantity: .volume, what: let what, value: _, decimals: _, fitsAt: _)? = e?.kind else {
                return XCTFail("\(String(describing: e))")
            }
            XCTAssertTrue(what.hasPrefix("volume sum of the 1Y candle"), what)
        }
        XCTAssertEqual(dir.listing("out").filter { $0.hasSuffix(".csv") || $0.hasSuffix(".idx") }, [],
                       "no level of the failed pass is left for a reader")
        XCTAssertEqual(dir.read("1m/\(symbol).csv"), before)
    }
}
