import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// behaviour §6 under SIGKILL: SQLite's "fail the Nth I/O" loop with a kill. For each scenario, stage and kill point
/// N, the debug tools SIGKILL themselves just before their Nth write, fsync, rename or truncate
/// (OHLCV_FAULT=kill:any:N:STAGE); make is then run again without faults, and every CSV must equal a clean
/// build byte for byte. A stage's sweep ends when a run completes without reaching its Nth operation.
///
/// Two depths, the same checks:
///   - `make test` (default): a seeded sample, about one kill point in `sampleStride` of every stage (one in
///     32 under the other alignments), always including one of its first few. The seed is printed and named
///     in every failure; OHLCV_SEED=N replays it.
///   - `make crashtest` (OHLCV_CRASH_EXHAUSTIVE=1): every kill point (every 4th under the other alignments),
///     591 in all (479 in the four scenarios, 56 under each other alignment): 6 min of CPU, 7.7 min with
///     --parallel on the shared 2-core machine.
/// OHLCV_CRASH_SCENARIO (a scenario name's prefix), OHLCV_CRASH_STAGE and OHLCV_CRASH_FROM (first N) narrow a
/// run down to one failure.
final class CrashRecoveryTests: XCTestCase {
    let days: [CivilDate] = (0..<9).map { CivilDate(year: 2024, month: 1, day: 26).adding(days: Int64($0)) }
    static let environment = ProcessInfo.processInfo.environment
    static let exhaustive = environment["OHLCV_CRASH_EXHAUSTIVE"] == "1"
    /// The sample's mean distance between two kill points of a stage (times `every` over 2 for the sweeps that
    /// take only every `every`th point even when exhaustive).
    static let sampleStride = 16
    /// The content seed of the histories; the sampling seed is separate (`sweep`).
    static let contentSeed: UInt64 = 4242

    struct Scenario {
        var name: String
        /// Brings the inputs from the already-built state to the next run's.
        var advance: (PipelineHarness) -> Void
    }

    var hourly: Scenario {
        Scenario(name: "hourly: the growing day grows") { h in h.writeGrowingDay(self.days[8], minutes: 900) }
    }

    var midnight: Scenario {
        Scenario(name: "midnight: the growing day becomes final, a new one starts") { h in
            h.writeFinalDay(self.days[8]); h.retireGrowingDay(self.days[8])
            h.writeGrowingDay(self.days[8].adding(days: 1), minutes: 30)
        }
    }

    var refetch: Scenario {
        Scenario(name: "refetch: every payload is written again, one of them different") { h in
            // Everything looks changed to make: a full rewind from the first day, with open rows that a
            // killed run may already have rewritten (the case that needs the open-rows checksum).
            for d in self.days.dropLast() { h.writeFinalDay(d) }
            h.writeGrowingDay(self.days[8], minutes: 901)
        }
    }

    var backfill: Scenario {
        Scenario(name: "backfill: an old day is corrected") { h in
            let other = PipelineHarness(Workdir("crash-backfill-source"), seed: Self.contentSeed &+ 1, symbols: ["BTC-USD"])
            for (name, _, side) in h.symbols {
                h.dir.write(h.cachePath(name, self.days[3]), other.symbols[0].generator.payload(date: self.days[3], side: side))
            }
        }
    }

    // One test per scenario, so that `swift test --parallel` spreads them over the cores.

    func testHourlyRunKilledAtAnyPointRecoversToTheCleanBuild() throws {
        try sweep(hourly, variables: [:], every: 1, minimum: 40)
    }

    func testMidnightRunKilledAtAnyPointRecoversToTheCleanBuild() throws {
        try sweep(midnight, variables: [:], every: 1, minimum: 40)
    }

    func testRefetchRunKilledAtAnyPointRecoversToTheCleanBuild() throws {
        try sweep(refetch, variables: [:], every: 1, minimum: 100)
    }

    func testBackfillRunKilledAtAnyPointRecoversToTheCleanBuild() throws {
        try sweep(backfill, variables: [:], every: 1, minimum: 40)
    }

    /// The same under the other alignments (issue 5): every 4th kill point of the hourly and backfill runs.
    func testKillPointsRecoverUnderNewYorkClose() throws {
        let variables = ["NY_CLOSE_SYMBOLS": "BTC-USD"]
        try sweep(hourly, variables: variables, every: 4, minimum: 10)
        try sweep(backfill, variables: variables, every: 4, minimum: 10)
    }

    /// The ask side (SIDES = ASK: only the BTC-USD@ASK series) under the same kills: every 4th point.
    func testKillPointsRecoverOnTheAskSide() throws {
        try sweep(hourly, variables: [:], sides: [.ask], every: 4, minimum: 10)
        try sweep(backfill, variables: [:], sides: [.ask], every: 4, minimum: 10)
    }

    func testKillPointsRecoverUnderAFixedShift() throws {
        let variables = ["TIME_SHIFT_MS": "7200000"]
        try sweep(hourly, variables: variables, every: 4, minimum: 10)
        try sweep(backfill, variables: variables, every: 4, minimum: 10)
    }

    /// Kills `scenario`'s run in each stage at kill points N = 1, 1 + every, … (exhaustive) or at a seeded
    /// sample of them, and checks each recovery. `minimum` is the least number of kill points an exhaustive
    /// sweep must find (a guard against a sweep that silently stops early).
    func sweep(_ scenario: Scenario, variables: [String: String], sides: [Side] = [.bid], every step: Int, minimum: Int) throws {
        let env = Self.environment
        if let only = env["OHLCV_CRASH_SCENARIO"], !scenario.name.hasPrefix(only) { return }
        let seed = SeededRandom.seedFromEnvironment()
        var rng = SeededRandom(seed: seed)
        let stride = Self.sampleStride * max(1, step / 2)
        let depth = Self.exhaustive ? "every \(step == 1 ? "" : "\(step)th ")kill point"
                                    : "sampled kill points, seed \(seed) (replay: OHLCV_SEED=\(seed))"
        let label = "\(scenario.name) \(variables.isEmpty ? "" : "\(variables) ")\(sides == [.bid] ? "" : "SIDES=\(sides) ")[\(depth)]"
        print("crash recovery: \(label)")

        // The state before the run, and the clean build of the inputs after it.
        let base = Workdir("crash-base")
        let hb = PipelineHarness(base, seed: Self.contentSeed, symbols: ["BTC-USD"], sides: sides)
        for d in days.dropLast() { hb.writeFinalDay(d) }
        hb.writeGrowingDay(days[8], minutes: 600)
        // Inputs from long ago, so that only what a scenario writes is newer than the stamps.
        _ = base.runProgram("/usr/bin/find", [base.path, "-name", "*.json", "-exec", "touch", "-d", "@1000000000", "{}", "+"])
        makeOK(base, variables: variables)
        let clean = Workdir("crash-clean")
        try FileManager.default.removeItem(atPath: clean.path)
        try FileManager.default.copyItem(atPath: base.path, toPath: clean.path)
        let hc = PipelineHarness(clean, seed: Self.contentSeed, symbols: ["BTC-USD"], sides: sides)
        scenario.advance(hc)
        for derived in ["transform", "aggregate", "resample", "stamp"] { clean.remove("data/\(derived)") }
        for f in clean.listing("data/temp") where f.hasSuffix(".csv") { clean.remove("data/temp/\(f)") }
        makeOK(clean, variables: variables)
        let expected = hc.outputs()
        XCTAssertEqual(expected.keys.contains { $0.hasSuffix("@ASK.csv") }, sides.contains(.ask), "\(label): the clean build's series")

        var killPoints: [String: Int] = [:]
        for stage in ["transform", "aggregate", "resample"] where env["OHLCV_CRASH_STAGE"].map({ $0 == stage }) ?? true {
            let sampled = !Self.exhaustive && env["OHLCV_CRASH_FROM"] == nil
            // A sample starts within the first stride (every stage does at least that much I/O in most
            // scenarios) and moves on by 1 ... 2·stride−1 points, one stride on average.
            var n = Int(env["OHLCV_CRASH_FROM"] ?? "") ?? (sampled ? 1 + Int(rng.next() % UInt64(stride)) : 1)
            var interrupted = 0
            while n < 2000 {
                let dir = Workdir("crash-run")
                try FileManager.default.removeItem(atPath: dir.path)
                _ = base.runProgram("/bin/cp", ["-a", base.path, dir.path])      // times preserved
                // Copies get new mtimes; keep the stamps newer than the inputs they cover, as on disk.
                // (A second back, so that inputs written now are strictly newer: file times are coarse.)
                _ = dir.runProgram("/usr/bin/touch", ["-d", "@\(Int(Date().timeIntervalSince1970) - 2)"] + dir.listing("data/stamp").map { dir.url("data/stamp/\($0)") })
                let h = PipelineHarness(dir, seed: Self.contentSeed, symbols: ["BTC-USD"], sides: sides)
                scenario.advance(h)
                let faulty = dir.make(["pipeline"], variables: variables, environment: ["OHLCV_FAULT": "kill:any:\(n):\(stage)"])
                if faulty.status == 0 {
                    dir.discard()
                    // The stage finished before its Nth operation. A sample whose first point fell past a short
                    // stage's end still interrupts it once, at its first operation.
                    if sampled && interrupted == 0 && n > 1 { n = 1; continue }
                    break
                }
                XCTAssertTrue(faulty.stderr.contains("Killed") || faulty.stderr.contains("Error 137") || faulty.stderr.contains("Error"),
                              "\(label), \(stage), kill point \(n): \(faulty)")
                killPoints[stage, default: 0] += 1
                interrupted += 1
                makeOK(dir, variables: variables)
                let before = testRun?.totalFailureCount ?? 0
                assertSameOutputs(h.outputs(), expected, "\(label): \(stage) killed before I/O operation \(n) (in \(dir.path))")
                if (testRun?.totalFailureCount ?? 0) == before { dir.discard() }
                n += sampled ? 1 + Int(rng.next() % UInt64(2 * stride - 1)) : step
            }
            XCTAssertGreaterThan(interrupted, 0, "\(label): \(stage) was never interrupted")
        }
        let total = killPoints.values.reduce(0, +)
        print("crash recovery: \(label): \(total) kill points: \(killPoints.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        if Self.exhaustive && env["OHLCV_CRASH_STAGE"] == nil && env["OHLCV_CRASH_FROM"] == nil {
            XCTAssertGreaterThanOrEqual(total, minimum, "\(label): the sweep found fewer kill points than this scenario has")
        }
        base.discard()
        clean.discard()
    }
}
