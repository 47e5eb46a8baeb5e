import Foundation
import OHLCVCore
import XCTest

final class CandleBucketerTests: XCTestCase {
    /// Every bin of `rows`, the still-open last one included.
    private func bucket(_ rows: [Candle], _ timeframe: Timeframe) throws -> [Candle] {
        var bucketer = CandleBucketer(timeframe: timeframe)
        var out: [Candle] = []
        for row in rows { if let done = try bucketer.add(row) { out.append(done) } }
        if let open = bucketer.current { out.append(open) }
        return out
    }

    /// The naive group-by: rows grouped by the oracle's bin start, folded in time order.
    private func groupBy(_ rows: [Candle], _ name: String) -> [Candle] {
        let shape = BinOracle.shape(name)
        var bins: [Int64: [Candle]] = [:]
        for row in rows { bins[BinOracle.binStart(shape, row.time), default: []].append(row) }
        return bins.keys.sorted().map { start in
            let group = bins[start]!
            return Candle(time: start, open: group.first!.open, high: group.map(\.high).max()!, low: group.map(\.low).min()!,
                          close: group.last!.close, volume: group.map(\.volume).reduce(0, +))
        }
    }

    func testFoldsRandomRowsAsANaiveGroupByDoes() throws {
        var rng = seededGenerator(0x5EED_0C01)
        for name in TimeframeTests.names {
            let start = Int64.random(in: -1_000_000_000...4_000_000_000, using: &rng) / 60 * 60
            let rows = CandleGenerator.candles(count: 600, using: &rng, start: start,
                                               step: Bool.random(using: &rng) ? 60...600 : 60...3_000_000)
                .map { var c = $0; c.time = $0.time / 60 * 60; return c }
            let distinct = zip(rows, rows.dropFirst()).allSatisfy { $0.time < $1.time }
            guard distinct else { continue }
            XCTAssertEqual(try bucket(rows, try Timeframe(parsing: name)), groupBy(rows, name), "\(name), seed \(rng.seed)")
        }
    }

    func testHandsOutABinWhenTheFirstRowOfALaterBinArrives() throws {
        var bucketer = CandleBucketer(timeframe: try Timeframe(parsing: "5m"))
        let t = CalendarOracle.seconds(2026, 7, 10)
        XCTAssertNil(try bucketer.add(Candle(time: t, open: 10, high: 12, low: 9, close: 11, volume: 1)))
        XCTAssertNil(try bucketer.add(Candle(time: t + 240, open: 11, high: 15, low: 10, close: 14, volume: 2)))
        XCTAssertEqual(bucketer.current, Candle(time: t, open: 10, high: 15, low: 9, close: 14, volume: 3))
        let done = try bucketer.add(Candle(time: t + 600, open: 14, high: 14, low: 3, close: 4, volume: 5))
        XCTAssertEqual(done, Candle(time: t, open: 10, high: 15, low: 9, close: 14, volume: 3))
        XCTAssertEqual(bucketer.current, Candle(time: t + 600, open: 14, high: 14, low: 3, close: 4, volume: 5))
    }

    func testReportsAVolumeSumThatOverflows() throws {
        var bucketer = CandleBucketer(timeframe: try Timeframe(parsing: "1h"))
        _ = try bucketer.add(Candle(time: 0, open: 1, high: 1, low: 1, close: 1, volume: Int64.max / 2 + 1))
        let error = assertOHLCVError(try bucketer.add(Candle(time: 60, open: 1, high: 1, low: 1, close: 1, volume: Int64.max / 2 + 1)))
        XCTAssertEqual(error?.kind, .overflow("volume sum of the 1h candle at 1970-01-01 00:00:00"))
    }

    func testCascadesTheReferenceEURUSDDayIntoTheReferenceFilesOfEveryDefaultTimeframe() throws {
        let expectedDir = "expected/eur-usd-2026-07-10-utc"
        let minutes = try readCSV(try Fixtures.path("\(expectedDir)/1m.csv"))
        XCTAssertEqual(minutes.count, 1258)
        var built: [String: [Candle]] = ["1m": minutes]
        for step in try CascadePlan(Timeframe.defaults).steps {
            let rows = try bucket(built[step.source.description]!, step.timeframe)
            built[step.timeframe.description] = rows
            XCTAssertEqual(try csvBytes(rows), try Fixtures.bytes("\(expectedDir)/\(step.timeframe).csv"), "\(step.timeframe)")
        }
    }

    private func readCSV(_ path: String) throws -> [Candle] {
        let fd = try FileDescriptor.open(path, .readOnly)
        defer { fd.close() }
        let reader = try CandleCSVReader(fd: fd, scale: 8)
        var rows: [Candle] = []
        while let c = try reader.next() { rows.append(c) }
        return rows
    }

    private func csvBytes(_ rows: [Candle]) throws -> [UInt8] {
        let dir = try TemporaryDirectory(for: self)
        let fd = try FileDescriptor.open(dir.url("out.csv"), .createTruncate)
        let writer = CandleCSVWriter(out: OutputBuffer(fd: fd), scale: 8)
        try writer.writeHeader()
        for row in rows { try writer.write(row) }
        try writer.out.flush()
        fd.close()
        return try dir.read("out.csv")
    }
}
