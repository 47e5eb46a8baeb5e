import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// SPEC §6 under SIGKILL: SQLite's "fail the Nth I/O" loop with a kill. For each stage and N = 1, 2, 3 …,
/// the debug tools SIGKILL themselves just before their Nth write, fsync, rename or truncate
/// (OHLCV_FAULT=kill:any:N:STAGE); make is then run again without faults, and every CSV must equal a clean
/// build byte for byte. The loop ends when a run completes without reaching its Nth operation.
final class CrashRecoveryTests: XCTestCase {
    let days: [CivilDate] = (0..<9).map { CivilDate(year: 2024, month: 1, day: 26).adding(days: Int64($0)) }

    struct Scenario {
        var name: String
        /// Brings the inputs from the already-built state to the next run's.
        var advance: (PipelineHarness) -> Void
    }

    func testEveryKillPointInEveryStageRecoversToTheCleanBuild() throws {
        try killLoop(variables: [:], every: 1, only: nil, minimum: 100)
    }

    /// The same under the other alignments (issue 5): every 4th kill point of the hourly and backfill runs.
    func testKillPointsRecoverUnderNewYorkCloseAndAFixedShift() throws {
        try killLoop(variables: ["NY_CLOSE_SYMBOLS": "BTC-USD"], every: 4, only: ["hourly", "backfill"], minimum: 20)
        try killLoop(variables: ["TIME_SHIFT_MS": "7200000"], every: 4, only: ["hourly", "backfill"], minimum: 20)
    }

    func killLoop(variables: [String: String], every step: Int, only: [String]?, minimum: Int) throws {
        let seed: UInt64 = 4242
        let scenarios = [
            Scenario(name: "hourly: the growing day grows") { h in h.writeGrowingDay(self.days[8], minutes: 900) },
            Scenario(name: "midnight: the growing day becomes final, a new one starts") { h in
                h.writeFinalDay(self.days[8]); h.retireGrowingDay(self.days[8])
                h.writeGrowingDay(self.days[8].adding(days: 1), minutes: 30)
            },
            Scenario(name: "refetch: every payload is written again, one of them different") { h in
                // Everything looks changed to make: a full rewind from the first day, with open rows that a
                // killed run may already have rewritten (the case that needs the open-rows checksum).
                for d in self.days.dropLast() { h.writeFinalDay(d) }
                h.writeGrowingDay(self.days[8], minutes: 901)
            },
            Scenario(name: "backfill: an old day is corrected") { h in
                let other = PipelineHarness(Workdir("crash-backfill-source"), seed: seed &+ 1, symbols: ["BTC-USD"])
                h.dir.write(h.cachePath("BTC-USD", self.days[3]), other.symbols[0].generator.payload(date: self.days[3]))
            },
        ]
        var killPoints: [String: Int] = [:]
        for scenario in scenarios {
            // The state before the run, and the clean build of the inputs after it.
            let base = Workdir("crash-base")
            let hb = PipelineHarness(base, seed: seed, symbols: ["BTC-USD"])
            for d in days.dropLast() { hb.writeFinalDay(d) }
            hb.writeGrowingDay(days[8], minutes: 600)
            // Inputs from long ago, so that only what a scenario writes is newer than the stamps.
            _ = base.runProgram("/usr/bin/find", [base.path, "-name", "*.json", "-exec", "touch", "-d", "@1000000000", "{}", "+"])
            makeOK(base, variables: variables)
            let clean = Workdir("crash-clean")
            try FileManager.default.removeItem(atPath: clean.path)
            try FileManager.default.copyItem(atPath: base.path, toPath: clean.path)
            let hc = PipelineHarness(clean, seed: seed, symbols: ["BTC-USD"])
            scenario.advance(hc)
            for derived in ["transform", "aggregate", "resample", "stamp"] { clean.remove("data/\(derived)") }
            for f in clean.listing("data/temp") where f.hasSuffix(".csv") { clean.remove("data/temp/\(f)") }
            makeOK(clean, variables: variables)
            let expected = hc.outputs()

            let env = ProcessInfo.processInfo.environment
            if let only = env["OHLCV_CRASH_SCENARIO"], !scenario.name.hasPrefix(only) { continue }
            if let only, !only.contains(where: { scenario.name.hasPrefix($0) }) { continue }
            for stage in ["transform", "aggregate", "resample"] where env["OHLCV_CRASH_STAGE"].map({ $0 == stage }) ?? true {
                var n = Int(env["OHLCV_CRASH_FROM"] ?? "") ?? 1
                while n < 2000 {
                    let dir = Workdir("crash-run")
                    try FileManager.default.removeItem(atPath: dir.path)
                    _ = base.runProgram("/bin/cp", ["-a", base.path, dir.path])      // times preserved
                    // Copies get new mtimes; keep the stamps newer than the inputs they cover, as on disk.
                    // (A second back, so that inputs written now are strictly newer: file times are coarse.)
                    _ = dir.runProgram("/usr/bin/touch", ["-d", "@\(Int(Date().timeIntervalSince1970) - 2)"] + dir.listing("data/stamp").map { dir.url("data/stamp/\($0)") })
                    let h = PipelineHarness(dir, seed: seed, symbols: ["BTC-USD"])
                    scenario.advance(h)
                    let faulty = dir.make(["pipeline"], variables: variables, environment: ["OHLCV_FAULT": "kill:any:\(n):\(stage)"])
                    if faulty.status == 0 { break }          // the stage finished before its Nth operation
                    XCTAssertTrue(faulty.stderr.contains("Killed") || faulty.stderr.contains("Error 137") || faulty.stderr.contains("Error"),
                                  "\(scenario.name), \(stage), kill point \(n): \(faulty)")
                    killPoints[stage, default: 0] += 1
                    makeOK(dir, variables: variables)
                    assertSameOutputs(h.outputs(), expected, "\(scenario.name): \(stage) killed before I/O operation \(n) (in \(dir.path))")
                    n += step
                }
                XCTAssertGreaterThan(n, 1, "\(scenario.name): \(stage) was never interrupted")
            }
        }
        let total = killPoints.values.reduce(0, +)
        print("crash recovery \(variables): \(total) kill points: \(killPoints.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        XCTAssertGreaterThan(total, minimum)
    }
}
