import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// Every target that writes data holds data/locks/run.lock, and a run cleans up after a killed one
/// (issue 9, item 2).
final class RunLockTests: XCTestCase {
    let day = CivilDate(year: 2024, month: 5, day: 6)

    /// Holds the run lock until the returned closure is called. flock locks belong to the open file, so a make
    /// started meanwhile conflicts with this one; O_CLOEXEC keeps the fd out of the processes the test starts.
    func holdLock(_ dir: Workdir) -> () -> Void {
        try! FileSystem.makeDirectories(dir.url("data/locks"))
        let fd = open(dir.url("data/locks/run.lock"), O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(flock(fd, LOCK_EX), 0)
        return { close(fd) }
    }

    /// The outputs of one clean `make pipeline` over `days` days from `day`.
    func cleanBuild(_ name: String, seed: UInt64, days: Int) -> [String: [UInt8]] {
        let clean = Workdir(name)
        let harness = PipelineHarness(clean, seed: seed)
        for d in 0..<days { harness.writeFinalDay(day.adding(days: Int64(d))) }
        makeOK(clean, ["pipeline"])
        return harness.outputs()
    }

    func testEveryTargetThatWritesDataWaitsForTheLockThenSaysBusy() throws {
        let dir = Workdir("lock-busy")
        PipelineHarness(dir, seed: 4, symbols: ["EUR-USD"]).writeFinalDay(day)
        makeOK(dir, ["pipeline"])
        makeOK(dir, ["parquet"])
        let before = dir.snapshot("data")
        let release = holdLock(dir)
        defer { release() }
        for target in ["all", "pipeline", "fetch", "rebuild-full", "rebuild-weekly", "parquet", "csv"] {
            let run = dir.make([target], variables: ["LOCK_WAIT": "0", "BASE_URL": "http://127.0.0.1:9"])
            XCTAssertEqual(run.status, 2, "\(target): \(run)")
            XCTAssertTrue(run.stderr.contains("ABORT! Critical error in \(target): \(dir.url("data/locks/run.lock")): busy: another run holds the lock; "
                                              + "waited LOCK_WAIT=0 s; this run did nothing (status 75)"), "\(target): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("Error 75"), run.stderr)
            XCTAssertEqual(dir.snapshot("data"), before, "\(target) wrote while another run held the lock")
        }
    }

    func testTwoRunsAtOnceBothSucceedOneAfterTheOther() throws {
        let dir = Workdir("lock-two")
        let harness = PipelineHarness(dir, seed: 5)
        for d in 0..<5 { harness.writeFinalDay(day.adding(days: Int64(d))) }
        let runs = DispatchGroup()
        let results = RunResults()
        for other in [Workdir.sharing(dir), Workdir.sharing(dir)] {
            runs.enter()
            DispatchQueue.global().async {
                results.append(other.make(["pipeline"], variables: ["LOCK_WAIT": "300"]))
                runs.leave()
            }
        }
        runs.wait()
        XCTAssertEqual(results.runs.count, 2)
        for run in results.runs { XCTAssertEqual(run.status, 0, "\(run)") }
        XCTAssertFalse(dir.listing().contains { $0.hasSuffix(".tmp") }, "\(dir.listing())")

        assertSameOutputs(harness.outputs(), cleanBuild("lock-two-clean", seed: 5, days: 5), "two runs at once")
    }

    func testTheRunAfterAKilledOneRemovesTheTemporaryFilesItLeft() throws {
        let dir = Workdir("lock-leftovers")
        let harness = PipelineHarness(dir, seed: 6)
        harness.writeFinalDay(day)
        makeOK(dir, ["pipeline"])
        harness.writeFinalDay(day.adding(days: 1))
        // What a run killed mid-way leaves: temp files of every stage, a started stamp, the unfinished marker.
        let leftovers = ["data/aggregate/1m/EUR-USD.csv.tmp", "data/aggregate/1m/index/EUR-USD.idx.tmp",
                         "data/transform/1m/2024/05/EUR-USD_20240507.csv.tmp", "data/resample/1h/BTC-USD.csv.tmp",
                         "cache/2024/05/EUR-USD_20240508.json.tmp", "data/temp/BTC-USD_20240508.json.tmp",
                         "data/parquet/timeframe=1h/symbol=EUR-USD/year=2024/part-0.parquet.tmp", "data/stamp/EUR-USD.started"]
        for path in leftovers { dir.write(path, "half") }
        dir.write("data/locks/run.unfinished", "x\n")
        let run = makeOK(dir, ["pipeline"])
        // One line says what was recovered: the files removed, and the symbol whose pipeline the kill interrupted.
        let recovery = run.stderr.split(separator: "\n").filter { $0.hasPrefix("recovery: ") }
        XCTAssertEqual(recovery.count, 1, run.stderr)
        XCTAssertTrue(recovery.first?.contains("did not finish; removed the \(leftovers.count) temporary files it left; "
                                               + "EUR-USD was mid-pipeline") == true, run.stderr)
        for path in leftovers { XCTAssertFalse(dir.exists(path), path) }
        XCTAssertFalse(dir.exists("data/locks/run.unfinished"), "a finished run clears the marker")

        assertSameOutputs(harness.outputs(), cleanBuild("lock-leftovers-clean", seed: 6, days: 2), "after leftovers")
    }

    /// A run that only refused (nothing written, nothing mid-pipeline) leaves the marker but nothing to recover:
    /// the next run says nothing about it.
    func testARefusedRunLeavesNothingToReport() throws {
        let dir = Workdir("lock-refused")
        let harness = PipelineHarness(dir, seed: 8)
        harness.writeFinalDay(day)
        makeOK(dir, ["pipeline"])
        dir.write("data/locks/run.unfinished", "x\n")
        let run = makeOK(dir, ["pipeline"])
        XCTAssertFalse(run.stderr.contains("recovery:"), run.stderr)
        XCTAssertFalse(dir.exists("data/locks/run.unfinished"))
    }

    func testAFailedRunLeavesNoTemporaryFileAndNoStartedStamp() throws {
        let dir = Workdir("lock-failed")
        let harness = PipelineHarness(dir, seed: 7)
        harness.writeFinalDay(day)
        makeOK(dir, ["pipeline"])
        for d in 1...20 { harness.writeFinalDay(day.adding(days: Int64(d))) }
        dir.write(harness.cachePath("EUR-USD", day.adding(days: 21)), "{\"timestamp\": 1, \"trunc")
        let run = dir.make(["pipeline"])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertFalse(dir.listing("data").contains { $0.hasSuffix(".tmp") || $0.hasSuffix(".started") }, "\(dir.listing("data"))")
    }
}

/// Runs collected from several threads.
final class RunResults: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [ToolRun] = []
    func append(_ run: ToolRun) { lock.lock(); collected.append(run); lock.unlock() }
    var runs: [ToolRun] { lock.lock(); defer { lock.unlock() }; return collected }
}
