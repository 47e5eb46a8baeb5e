import XCTest
@testable import OHLCVCore

/// The pure parts of verify: comparison at the same instants, the volume bound, file times back to UTC, and
/// the months and years a range needs.
final class CandleComparisonTests: XCTestCase {
    func candle(_ time: Int64, _ p: Int64 = 100, volume: Int128 = 1_000) -> Candle {
        Candle(time: time, open: p, high: p + 2, low: p - 2, close: p + 1, volume: volume)
    }

    func testEqualSeriesAgreeAndOnlyTheRangeIsCounted() {
        let a = [candle(0), candle(3_600), candle(7_200)]
        let outcome = CandleComparison.compare(ours: a, theirs: a, from: 3_600, until: 7_200, scale: 8, minutesPerCandle: 60)
        XCTAssertEqual(outcome, .init(compared: 1, differences: []))
    }

    func testEveryKindOfDifferenceIsListedOnceInTimeOrder() {
        let ours = [candle(0), candle(3_600, 101), candle(10_800, volume: 5_000)]
        let theirs = [candle(0), candle(3_600, 100), candle(7_200), candle(10_800, volume: 1_000)]
        let outcome = CandleComparison.compare(ours: ours, theirs: theirs + [], from: 0, until: 14_400, scale: 8, minutesPerCandle: 60)
        XCTAssertEqual(outcome.compared, 4)
        XCTAssertEqual(outcome.differences.map(\.time), [3_600, 7_200, 10_800])
        XCTAssertEqual(outcome.differences.map(\.problem), [.price, .missingOurs, .volume])
        XCTAssertNil(outcome.differences[1].ours)
        let extra = CandleComparison.compare(ours: [candle(0)], theirs: [], from: 0, until: 3_600, scale: 8, minutesPerCandle: 60)
        XCTAssertEqual(extra.differences.map(\.problem), [.missingTheirs])
    }

    func testVolumeBoundIsAbsoluteForSmallVolumesAndRelativeForLargeOnes() {
        // Scale 8 (units of 1e-8), an hour (60 minutes: 30 units of our own rounding).
        // Small volumes: 1e-6 + 30e-8 = 130 units.
        XCTAssertTrue(VolumeBound.agree(ours: 64_100 + 130, theirs: 64_100, scale: 8, minutes: 60))
        XCTAssertFalse(VolumeBound.agree(ours: 64_100 + 131, theirs: 64_100, scale: 8, minutes: 60))
        // 1,000,000.0: 1e-6 relative is 1.0, i.e. 1e8 units, + 30 units.
        let big: Int128 = 1_000_000 * 100_000_000
        XCTAssertTrue(VolumeBound.agree(ours: big - 100_000_030, theirs: big, scale: 8, minutes: 60))
        XCTAssertFalse(VolumeBound.agree(ours: big - 100_000_031, theirs: big, scale: 8, minutes: 60))
    }

    func testFileTimesGoBackToUTC() {
        XCTAssertEqual(FileTime.utcSeconds(7_200, .fixed(milliseconds: 3_600_000)), 3_600)
        // 2023-07-03 12:00 UTC is New York daylight time: ny-close is +3 h.
        let summer: Int64 = 1_688_385_600
        XCTAssertEqual(FileTime.utcSeconds(summer + 3 * 3_600, .newYorkClose), summer)
        // 2023-01-03 12:00 UTC is standard time: +2 h.
        let winter: Int64 = 1_672_747_200
        XCTAssertEqual(FileTime.utcSeconds(winter + 2 * 3_600, .newYorkClose), winter)
        XCTAssertTrue(FileTime.hoursAlign(.newYorkClose))
        XCTAssertTrue(FileTime.hoursAlign(.fixed(milliseconds: -7_200_000)))
        XCTAssertFalse(FileTime.hoursAlign(.fixed(milliseconds: 1_800_000)))
        XCTAssertFalse(FileTime.daysAlign(.fixed(milliseconds: 3_600_000)))
    }

    func testPeriodsCoveringARange() {
        let months = ReferencePeriod.covering(firstDay: CivilDate(year: 2023, month: 11, day: 30),
                                              endDay: CivilDate(year: 2024, month: 2, day: 1), resolution: .hour)
        XCTAssertEqual(months, [.hours(2023, 11), .hours(2023, 12), .hours(2024, 1)])
        let years = ReferencePeriod.covering(firstDay: CivilDate(year: 2005, month: 1, day: 1),
                                             endDay: CivilDate(year: 2025, month: 1, day: 1), resolution: .day)
        XCTAssertEqual(years.count, 20)
        XCTAssertFalse(ReferencePeriod.hours(2024, 12).isFinal(today: CivilDate(year: 2025, month: 1, day: 1)))
        XCTAssertTrue(ReferencePeriod.hours(2024, 12).isFinal(today: CivilDate(year: 2025, month: 1, day: 3)))
    }

    func testAReferenceAnswerForAnotherPeriodIsRefused() {
        let feb = Array(#"{"timestamp":1675209600000,"multiplier":0.1,"open":1.0,"high":1.0,"low":1.0,"close":1.0,"shift":3600000,"times":[0],"opens":[0],"highs":[0],"lows":[0],"closes":[0],"volumes":[1.0]}"#.utf8)
        XCTAssertEqual(try ReferencePeriod.hours(2023, 2).candles(feb, scale: 8).count, 1)
        XCTAssertThrowsError(try ReferencePeriod.hours(2023, 3).candles(feb, scale: 8))
        XCTAssertThrowsError(try ReferencePeriod.days(2023).candles(feb, scale: 8))   // timestamp is not 1 January
        let lateRow = Array(#"{"timestamp":1675209600000,"multiplier":0.1,"open":1.0,"high":1.0,"low":1.0,"close":1.0,"shift":3600000,"times":[672],"opens":[0],"highs":[0],"lows":[0],"closes":[0],"volumes":[1.0]}"#.utf8)
        XCTAssertThrowsError(try ReferencePeriod.hours(2023, 2).candles(lateRow, scale: 8))   // 1 March 00:00
    }
}
