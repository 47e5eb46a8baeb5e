import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

final class CandleBucketerTests: XCTestCase {
    /// Every bin of `rows`, the still-open last one included.
    private func bucket(_ rows: [Candle], _ timeframe: Timeframe) throws -> [Candle] {
        var bucketer = CandleBucketer(timeframe: timeframe, scale: 8)
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
        var bucketer = CandleBucketer(timeframe: try Timeframe(parsing: "5m"), scale: 8)
        let t = CalendarOracle.seconds(2026, 7, 10)
        XCTAssertNil(try bucketer.add(Candle(time: t, open: 10, high: 12, low: 9, close: 11, volume: 1)))
        XCTAssertNil(try bucketer.add(Candle(time: t + 240, open: 11, high: 15, low: 10, close: 14, volume: 2)))
        XCTAssertEqual(bucketer.current, Candle(time: t, open: 10, high: 15, low: 9, close: 14, volume: 3))
        let done = try bucketer.add(Candle(time: t + 600, open: 14, high: 14, low: 3, close: 4, volume: 5))
        XCTAssertEqual(done, Candle(time: t, open: 10, high: 15, low: 9, close: 14, volume: 3))
        XCTAssertEqual(bucketer.current, Candle(time: t + 600, open: 14, high: 14, low: 3, close: 4, volume: 5))
    }

    func testReportsAVolumeSumThatOverflowsInt128WithTheSettingThatHoldsIt() throws {
        var bucketer = CandleBucketer(timeframe: try Timeframe(parsing: "1h"), scale: 8)
        _ = try bucketer.add(Candle(time: 0, open: 1, high: 1, low: 1, close: 1, volume: Int128.max / 2 + 1))
        let error = assertOHLCVError(try bucketer.add(Candle(time: 60, open: 1, high: 1, low: 1, close: 1, volume: Int128.max / 2 + 1)))
        // 2^127 - 1 = 170141183460469231731687303715884105727 units, at 8 decimals.
        XCTAssertEqual(error?.kind, .exceedsDecimalsLimit(quantity: .volume, what: "volume sum of the 1h candle at 1970-01-01 00:00:00",
                                                          value: "more than 1701411834604692317316873037158.84105727",
                                                          decimals: 8, fitsAt: 7))
        XCTAssertEqual(error.map { ExitStatus.code(for: $0.kind) }, ExitStatus.config)
    }

    /// Issue #9 item 5: 20 years of a 1e7-a-day FX volume in one bin at 12 decimals is 7.3e22 units, past
    /// Int64; the sum must be exact (oracle: Foundation Decimal over the same rows).
    func testSumsTwentyYearsOfHeavyVolumeAtTwelveDecimalsExactly() throws {
        var bucketer = CandleBucketer(timeframe: try Timeframe(parsing: "1Y"), scale: 12)
        let start = CalendarOracle.seconds(2000, 1, 1)
        var expected = Decimal(0)
        var rng = seededGenerator(0x5EED_0905)
        // One row a day for a year (the 1Y bin), each 1e7 × 20 = a day's volume of 20 years folded in.
        for day in 0..<365 {
            let cents = Int64.random(in: 19_999_000_000...20_001_000_000, using: &rng)      // ≈ 2e8, 2 decimals
            let units = Int128(cents) * 10_000_000_000                                     // at 12 decimals
            expected += Decimal(cents) / 100
            _ = try bucketer.add(Candle(time: start + Int64(day) * 86_400, open: 1, high: 1, low: 1, close: 1, volume: units))
        }
        let sum = try XCTUnwrap(bucketer.current?.volume)
        XCTAssertGreaterThan(sum, Int128(Int64.max), "the test must exercise sums past Int64")
        XCTAssertEqual(DecimalOracle.value(wideUnits: sum, scale: 12), expected, "seed \(rng.seed)")
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
        let dir = Workdir(for: self)
        let fd = try FileDescriptor.open(dir.url("out.csv"), .createTruncate)
        let writer = CandleCSVWriter(out: OutputBuffer(fd: fd), scale: 8)
        try writer.writeHeader()
        for row in rows { try writer.write(row) }
        try writer.out.flush()
        fd.close()
        return try XCTUnwrap(dir.read("out.csv"))
    }
}
