@testable import OHLCVCore
import XCTest

/// Every case of the restart arithmetic, with the expected offsets, times and pending indexes written out from
/// the inputs. Times come from Foundation's calendar (CalendarOracle), not from the code under test.
final class RewindPlanTests: XCTestCase {
    private let header = Int64("time,open,high,low,close,volume\n".utf8.count)
    private let day24 = CivilDate(year: 2025, month: 11, day: 24)
    private let day26 = CivilDate(year: 2025, month: 11, day: 26)
    private let day27 = CivilDate(year: 2025, month: 11, day: 27)
    private var midnight24: Int64 { CalendarOracle.seconds(2025, 11, 24) }
    private var midnight26: Int64 { CalendarOracle.seconds(2025, 11, 26) }

    private func fresh() -> StageIndex {
        StageIndex(settings: "stage=test", lineage: "new0000000000000", length: 0, openOffset: 0, openTime: nil)
    }

    // MARK: aggregate

    /// An aggregate index: 5000 bytes committed, the day of 2025-11-26 open from byte 4000.
    private func aggregateIndex() -> StageIndex {
        var index = StageIndex(settings: "stage=test", lineage: "old0000000000000", length: 5000, openOffset: 4000,
                               openTime: midnight26)
        index.generation = 3
        return index
    }

    func testAggregateFirstBuildWritesEveryDayFromOffsetZero() {
        let plan = RewindPlan.aggregate(previous: nil, changedDays: [day26], alignment: .utc, fresh: fresh())
        XCTAssertEqual(plan, RewindPlan(kind: .build, output: .at(0), source: nil, firstDay: nil, changeFloor: .everything,
                                        openTime: nil, next: fresh()))
        XCTAssertNil(plan?.pendingIndex(output: 0, source: nil))
    }

    func testAggregateWithNothingChangedHasNothingToDo() {
        XCTAssertNil(RewindPlan.aggregate(previous: aggregateIndex(), changedDays: [], alignment: .utc, fresh: fresh()))
    }

    func testAggregateAppendReopensTheOpenDayAndKeepsEveryFinalRow() {
        // The open day and a later one changed: nothing before the open day is touched.
        let plan = RewindPlan.aggregate(previous: aggregateIndex(), changedDays: [day27, day26], alignment: .utc, fresh: fresh())
        XCTAssertEqual(plan, RewindPlan(kind: .reopen, output: .at(4000), source: nil, firstDay: day26,
                                        changeFloor: .from(midnight26), openTime: midnight26, next: aggregateIndex()))
        XCTAssertNil(plan?.pendingIndex(output: 4000, source: nil))
    }

    func testAggregateOnlyALaterDayChangedStillRedoesTheOpenDay() {
        let plan = RewindPlan.aggregate(previous: aggregateIndex(), changedDays: [day27], alignment: .utc, fresh: fresh())
        XCTAssertEqual(plan?.kind, .reopen)
        XCTAssertEqual(plan?.firstDay, day26)
        XCTAssertEqual(plan?.output, .at(4000))
    }

    func testAggregateRewindIntoFinishedDaysCutsAtTheChangedDaysFirstRow() {
        let plan = RewindPlan.aggregate(previous: aggregateIndex(), changedDays: [day27, day24], alignment: .utc, fresh: fresh())
        XCTAssertEqual(plan, RewindPlan(kind: .cut, output: .firstRow(atOrAfter: midnight24, lower: header, upper: 4000),
                                        source: nil, firstDay: day24, changeFloor: .from(midnight24), openTime: midnight24,
                                        next: aggregateIndex()))
        // Say the search found the day's first row at byte 2500: the file is committed as ending, and open, there.
        var pending = aggregateIndex()
        pending.length = 2500
        pending.openOffset = 2500
        pending.openTime = midnight24
        XCTAssertEqual(plan?.pendingIndex(output: 2500, source: nil), pending)
    }

    func testAggregateSearchesInTheFileTimeBaseButRecordsTheDayAtUTCMidnight() {
        // A fixed shift of one hour: the day's rows start at 01:00 in the file.
        let shifted = RewindPlan.aggregate(previous: aggregateIndex(), changedDays: [day24],
                                           alignment: .fixed(milliseconds: 3_600_000), fresh: fresh())
        XCTAssertEqual(shifted?.output, .firstRow(atOrAfter: midnight24 + 3600, lower: header, upper: 4000))
        XCTAssertEqual(shifted?.changeFloor, .from(midnight24 + 3600))
        XCTAssertEqual(shifted?.openTime, midnight24)
        // New York close on 2025-11-24 (standard time, UTC-5): 17:00 New York is 22:00 UTC, so midnight is +2 h.
        let nyClose = RewindPlan.aggregate(previous: aggregateIndex(), changedDays: [day24], alignment: .newYorkClose,
                                           fresh: fresh())
        XCTAssertEqual(nyClose?.changeFloor, .from(midnight24 + 7200))
    }

    func testAggregateWithAnIndexButNoOpenDaySearchesFromTheChangedDay() {
        var empty = StageIndex(settings: "stage=test", lineage: "old0000000000000", length: header, openOffset: header, openTime: nil)
        empty.generation = 1
        let plan = RewindPlan.aggregate(previous: empty, changedDays: [day26], alignment: .utc, fresh: fresh())
        XCTAssertEqual(plan, RewindPlan(kind: .cut, output: .firstRow(atOrAfter: midnight26, lower: header, upper: header),
                                        source: nil, firstDay: day26, changeFloor: .from(midnight26), openTime: midnight26,
                                        next: empty))
    }

    // MARK: resample

    private let hourBoundary = CalendarOracle.seconds(2025, 11, 26, 15)

    /// A 1-minute source index: 90000 bytes, generation 10, last rewritten from 14:00.
    private func sourceIndex(lineage: String = "src0000000000000") -> StageIndex {
        var source = StageIndex(settings: "stage=aggregate", lineage: lineage, length: 90_000, openOffset: 85_000, openTime: nil)
        source.generation = 10
        source.changes = [(10, hourBoundary - 3600)]
        return source
    }

    /// A 1-hour target that consumed generation 10 of the source: bin 15:00 is open from byte 4000, its source
    /// rows from byte 80000.
    private func targetIndex() -> StageIndex {
        var index = StageIndex(settings: "stage=resample", lineage: "tgt0000000000000", length: 4100, openOffset: 4000,
                               openTime: hourBoundary)
        index.sourceLineage = "src0000000000000"
        index.sourceLength = 90_000
        index.sourceOpenOffset = 80_000
        index.sourceGeneration = 10
        index.generation = 7
        return index
    }

    private let hour = try! Timeframe(parsing: "1h")

    private func build() -> RewindPlan {
        RewindPlan(kind: .build, output: .at(0), source: .at(header), firstDay: nil, changeFloor: .everything,
                   openTime: nil, next: fresh())
    }

    /// The source after one more run that rewrote it from `time` on and grew it to 95000 bytes.
    private func sourceRewritten(from time: Int64) -> StageIndex {
        var source = sourceIndex()
        source.length = 95_000
        source.generation = 11
        source.changes.append((11, time))
        return source
    }

    func testResampleFirstBuildReadsTheWholeSource() {
        let plan = RewindPlan.resample(previous: nil, source: sourceIndex(), timeframe: hour, fresh: fresh())
        XCTAssertEqual(plan, build())
        XCTAssertNil(plan?.pendingIndex(output: 0, source: header))
    }

    func testResampleWithAnUnchangedSourceHasNothingToDo() {
        XCTAssertNil(RewindPlan.resample(previous: targetIndex(), source: sourceIndex(), timeframe: hour, fresh: fresh()))
    }

    func testResampleSourceOfOtherBytesUnderTheSameGenerationIsBuiltAgain() {
        var source = sourceIndex()
        source.length = 91_000
        XCTAssertEqual(RewindPlan.resample(previous: targetIndex(), source: source, timeframe: hour, fresh: fresh()), build())
    }

    func testResampleRebuiltSourceLineageIsAFullRebuild() {
        let plan = RewindPlan.resample(previous: targetIndex(), source: sourceIndex(lineage: "src1111111111111"),
                                       timeframe: hour, fresh: fresh())
        XCTAssertEqual(plan, build())
    }

    func testResampleSourceChangeLogOutOfReachIsAFullRebuild() {
        // 70 generations since ours, of which the log keeps only the last.
        var source = sourceIndex()
        source.generation = 80
        source.changes = [(80, hourBoundary)]
        XCTAssertEqual(RewindPlan.resample(previous: targetIndex(), source: source, timeframe: hour, fresh: fresh()), build())
    }

    func testResampleAppendReopensTheOpenBin() {
        // The source changed from 15:20, inside the open bin [15:00, 16:00).
        let plan = RewindPlan.resample(previous: targetIndex(), source: sourceRewritten(from: hourBoundary + 1200),
                                       timeframe: hour, fresh: fresh())
        XCTAssertEqual(plan, RewindPlan(kind: .reopen, output: .at(4000), source: .at(80_000), firstDay: nil,
                                        changeFloor: .from(hourBoundary), openTime: hourBoundary, next: targetIndex()))
        XCTAssertNil(plan?.pendingIndex(output: 4000, source: 80_000))
    }

    func testResampleSourceChangedFromTheOpenBinsStartReopensIt() {
        // The open bin's own first minute changed: the final candles before it are untouched.
        let plan = RewindPlan.resample(previous: targetIndex(), source: sourceRewritten(from: hourBoundary),
                                       timeframe: hour, fresh: fresh())
        XCTAssertEqual(plan?.kind, .reopen)
        XCTAssertEqual(plan?.output, .at(4000))
        XCTAssertEqual(plan?.source, .at(80_000))
        // One second earlier is the last second of the final bin 14:00, which is then redone.
        let earlier = RewindPlan.resample(previous: targetIndex(), source: sourceRewritten(from: hourBoundary - 1),
                                          timeframe: hour, fresh: fresh())
        XCTAssertEqual(earlier?.kind, .cut)
        XCTAssertEqual(earlier?.openTime, hourBoundary - 3600)
    }

    func testResampleSourceRewoundPastOurLastCommitCutsAtTheChangedBin() {
        // The source changed from 12:25: bins from 12:00 on are redone, in both files.
        let changed = hourBoundary - 2 * 3600 - 35 * 60
        let bin = hourBoundary - 3 * 3600
        let plan = RewindPlan.resample(previous: targetIndex(), source: sourceRewritten(from: changed),
                                       timeframe: hour, fresh: fresh())
        XCTAssertEqual(plan, RewindPlan(kind: .cut, output: .firstRow(atOrAfter: bin, lower: header, upper: 4000),
                                        source: .firstRow(atOrAfter: bin, lower: header, upper: 95_000), firstDay: nil,
                                        changeFloor: .from(bin), openTime: bin, next: targetIndex()))
        // Say the searches found bin 12:00 at byte 3000 of ours and byte 70000 of the source.
        var pending = targetIndex()
        pending.length = 3000
        pending.openOffset = 3000
        pending.openTime = bin
        pending.sourceOpenOffset = 70_000
        pending.sourceLength = 70_000
        XCTAssertEqual(plan?.pendingIndex(output: 3000, source: 70_000), pending)
    }

    func testResampleTakesTheEarliestOfSeveralSourceGenerations() {
        var source = sourceRewritten(from: hourBoundary + 600)
        source.generation = 12
        source.changes.append((12, hourBoundary - 3600 + 60))
        let plan = RewindPlan.resample(previous: targetIndex(), source: source, timeframe: hour, fresh: fresh())
        XCTAssertEqual(plan?.kind, .cut)
        XCTAssertEqual(plan?.openTime, hourBoundary - 3600)
    }

    func testResampleTargetWithoutAnOpenBinReopensFromItsOpenOffset() {
        var empty = targetIndex()
        empty.openTime = nil
        empty.length = header
        empty.openOffset = header
        empty.sourceOpenOffset = header
        let plan = RewindPlan.resample(previous: empty, source: sourceRewritten(from: hourBoundary - 7200),
                                       timeframe: hour, fresh: fresh())
        XCTAssertEqual(plan, RewindPlan(kind: .reopen, output: .at(header), source: .at(header), firstDay: nil,
                                        changeFloor: .everything, openTime: nil, next: empty))
    }

    // MARK: the change recorded for downstream stages

    private func recorded(_ plan: RewindPlan, _ found: StageIndex.ChangeSince) -> (generation: Int64, changes: [Int64]) {
        var index = targetIndex()
        plan.recordChange(found, in: &index)
        return (index.generation, index.changes.map(\.1))
    }

    func testARewriteIdenticalToTheOldBytesRecordsNoGeneration() {
        let plan = RewindPlan(kind: .reopen, output: .at(4000), source: .at(80_000), firstDay: nil,
                              changeFloor: .from(hourBoundary), openTime: hourBoundary, next: targetIndex())
        XCTAssertEqual(recorded(plan, .unchanged).generation, 7)
        XCTAssertEqual(recorded(plan, .unchanged).changes, [])
    }

    func testAChangeIsRecordedFromItsRowButNeverBeforeTheFloor() {
        let plan = RewindPlan(kind: .reopen, output: .at(4000), source: .at(80_000), firstDay: nil,
                              changeFloor: .from(hourBoundary), openTime: hourBoundary, next: targetIndex())
        XCTAssertEqual(recorded(plan, .from(hourBoundary + 60)).changes, [hourBoundary + 60])
        XCTAssertEqual(recorded(plan, .from(hourBoundary + 60)).generation, 8)
        XCTAssertEqual(recorded(plan, .from(hourBoundary - 60)).changes, [hourBoundary])
        XCTAssertEqual(recorded(plan, .unknown).changes, [hourBoundary])
    }

    func testABuildWithUnknownOldBytesRecordsAChangeFromBeforeEveryCandle() {
        // The number the index files have always held for "everything": Int64.min / 2.
        XCTAssertEqual(recorded(build(), .unknown).changes, [-4_611_686_018_427_387_904])
        XCTAssertEqual(recorded(build(), .from(hourBoundary)).changes, [hourBoundary])
    }
}
