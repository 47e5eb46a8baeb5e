import OHLCVCore
import XCTest

final class RecoveryNoteTests: XCTestCase {
    func testSaysWhenTheRunStartedWhatWasRemovedAndWhichSymbolsAreRedone() {
        XCTAssertEqual(RecoveryNote(unfinishedSince: "2026-07-13 09:05:01", removedTemporaryFiles: 3, symbolsMidPipeline: ["EUR-USD"]).line,
                       "recovery: the last run (started 2026-07-13 09:05:01 UTC) did not finish; removed the 3 temporary files it left; "
                       + "EUR-USD was mid-pipeline: this run cuts its files back to the last commit and rebuilds from there")
    }

    func testARunThatBuildsNothingPointsToTheNextOne() {
        XCTAssertEqual(RecoveryNote(unfinishedSince: nil, removedTemporaryFiles: 1, symbolsMidPipeline: ["A", "B"], rebuildsNow: false).line,
                       "recovery: the last run did not finish; removed the 1 temporary file it left; A, B were mid-pipeline: "
                       + "the next make all cuts their files back to the last commit and rebuilds from there")
        XCTAssertEqual(RecoveryNote(unfinishedSince: nil, removedTemporaryFiles: 0, symbolsMidPipeline: []).line,
                       "recovery: the last run did not finish; it left no temporary file; this run redoes its work from the last commit")
    }
}
