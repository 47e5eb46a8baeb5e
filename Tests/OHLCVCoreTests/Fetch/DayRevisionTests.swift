import XCTest
@testable import OHLCVCore

final class DayRevisionTests: XCTestCase {
    /// A candle at minute `m` of 2026-07-10 with the given close and volume (units of 1e-8).
    func c(_ m: Int64, close: Int64 = 114_331_000, volume: Int128 = 100) -> Candle {
        Candle(time: 1_783_641_600 + 60 * m, open: 114_330_000, high: 114_340_000, low: 114_320_000, close: close, volume: volume)
    }

    func day(_ minutes: ClosedRange<Int64>) -> [Candle] { minutes.map { c($0) } }

    func testTheSameCandlesAreUnchanged() {
        let r = DayRevision(from: day(0...9), to: day(0...9))
        XCTAssertEqual(r, DayRevision(changed: 0, added: 0, removed: 0))
        XCTAssertTrue(r.isUnchanged)
        XCTAssertEqual(r.verdict, .unchanged)
        XCTAssertEqual(DayRevision(from: [], to: []).verdict, .unchanged)
    }

    func testAPriceOrVolumeCorrectionIsAChangeAndIsReplaced() {
        var fresh = day(0...9)
        fresh[3] = c(3, close: 114_332_000)
        fresh[7] = c(7, volume: 101)
        let r = DayRevision(from: day(0...9), to: fresh)
        XCTAssertEqual(r, DayRevision(changed: 2, added: 0, removed: 0))
        XCTAssertEqual(r.verdict, .replace)
        XCTAssertEqual(r.counts, "2 changed, 0 added, 0 removed")
    }

    func testAddedMinutesAreAddedNotChanged() {
        // The midnight rollover: the final day extends the growing day, and fills a gap inside it.
        let growing = day(0...4) + day(6...9)
        let r = DayRevision(from: growing, to: day(0...20))
        XCTAssertEqual(r, DayRevision(changed: 0, added: 12, removed: 0))
        XCTAssertEqual(r.verdict, .replace)
        XCTAssertEqual(DayRevision(from: [], to: day(0...2)), DayRevision(changed: 0, added: 3, removed: 0))
    }

    func testALostAfternoonIsHeldBack() {
        // Case 19: the server sends only the first 715 of 1431 candles.
        let cached = day(0...1430)
        let r = DayRevision(from: cached, to: Array(cached.prefix(715)))
        XCTAssertEqual(r, DayRevision(changed: 0, added: 0, removed: 716))
        XCTAssertTrue(r.removesCandles)
        XCTAssertEqual(r.verdict, .holdBack)
        XCTAssertEqual(r.counts, "0 changed, 0 added, 716 removed")
    }

    func testAnEmptyAnswerIsTheSameRuleRemovingEveryCandle() {
        let r = DayRevision(from: day(0...9), to: [])
        XCTAssertEqual(r, DayRevision(changed: 0, added: 0, removed: 10))
        XCTAssertEqual(r.verdict, .holdBack)
    }

    func testAMovedMinuteIsOneRemovedAndOneAddedAndHeldBack() {
        // Same count of candles, one minute shifted: a total count would hide the removal.
        let fresh = day(0...4) + [c(6)] + day(7...9)
        let r = DayRevision(from: day(0...4) + [c(5)] + day(7...9), to: fresh)
        XCTAssertEqual(r, DayRevision(changed: 0, added: 1, removed: 1))
        XCTAssertEqual(r.verdict, .holdBack)
    }

    func testChangesAdditionsAndRemovalsAreCountedSeparately() {
        // held 0...9; fresh drops 0 and 9, changes 4, adds 10 and 11
        var fresh = day(1...8) + day(10...11)
        fresh[3] = c(4, close: 1)
        let r = DayRevision(from: day(0...9), to: fresh)
        XCTAssertEqual(r, DayRevision(changed: 1, added: 2, removed: 2))
        XCTAssertEqual(r.counts, "1 changed, 2 added, 2 removed")
    }

    func testTheSameNumbersWrittenDifferentlyAreNotAChange() throws {
        let start: Int64 = 1_783_641_600_000
        func payload(_ volumes: String) -> [UInt8] {
            Array("""
            {"timestamp":\(start),"multiplier":1.0E-5,"open":1.1,"high":1.2,"low":1.0,"close":1.1,"shift":60000,"times":[0,1,1],"opens":[0,0,0],"highs":[0,0,0],"lows":[0,0,0],"closes":[0,1,1],"volumes":[\(volumes)]}
            """.utf8)
        }
        let a = try DayPayload.validate(payload("1,2,3"), dayStartMillis: start)
        let b = try DayPayload.validate(payload("1.0,2.00,3E0"), dayStartMillis: start)
        let c = try DayPayload.validate(payload("1,2,3.5"), dayStartMillis: start)
        XCTAssertEqual(DayRevision(from: a.candles, to: b.candles).verdict, .unchanged)
        XCTAssertEqual(DayRevision(from: a.candles, to: c.candles), DayRevision(changed: 1, added: 0, removed: 0))
    }

    func testAZeroVolumeMinuteCountsAsRemoved() throws {
        // The pipeline drops zero-volume rows, so a minute whose volume falls to 0 disappears from the series.
        let start: Int64 = 1_783_641_600_000
        func payload(_ volumes: String) -> [UInt8] {
            Array("""
            {"timestamp":\(start),"multiplier":1.0E-5,"open":1.1,"high":1.2,"low":1.0,"close":1.1,"shift":60000,"times":[0,1,1],"opens":[0,0,0],"highs":[0,0,0],"lows":[0,0,0],"closes":[0,1,1],"volumes":[\(volumes)]}
            """.utf8)
        }
        let a = try DayPayload.validate(payload("1,2,3"), dayStartMillis: start)
        let b = try DayPayload.validate(payload("1,0,3"), dayStartMillis: start)
        XCTAssertEqual(DayRevision(from: a.candles, to: b.candles), DayRevision(changed: 0, added: 0, removed: 1))
    }
}
