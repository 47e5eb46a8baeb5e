import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// Power loss (behaviour §3.2, §6): SIGKILL tests cannot see a missing fsync, because the page cache survives a
/// killed process. This suite records the durability calls of the real tools with
/// `strace -f -y -e trace=openat,write,fsync,fdatasync,syncfs,rename,renameat,renameat2,ftruncate,…` and
/// checks, per process of an `ohlcv-*` tool, in the order the kernel saw them:
///   1. a file is fsynced (or its file system syncfs'd) after its last write/ftruncate and before it is renamed;
///   2. before an index (`…/index/SYM.idx`) or a Parquet state file is renamed into place, every byte written
///      to the data it describes (the CSV beside it, the partitions of the series) is fsynced, and every
///      earlier rename of that process is made durable by an fsync of its directory;
///   3. every rename's directory is fsynced after the rename and before the process exits.
/// Covers transform (AtomicBatch: syncfs, renames, directory fsyncs), aggregate and resample (SeriesFile +
/// index, both the append and the cut-back-into-the-final-region paths), and parquet (partitions + state).
/// Skips with a message when strace is absent (`apt-get install strace`; .ci/run installs it).
/// OHLCV_STRICT_DURABILITY=1 adds rule 4: a directory the tool created (mkdir) is fsynced in its parent, so
/// that the new directory entry itself survives power loss (see docs/reliability.md: it does not, today).
final class DurabilityOrderTests: XCTestCase {
    static let strace: String? = ["/usr/bin/strace", "/bin/strace", "/usr/local/bin/strace"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    let days: [CivilDate] = (0..<6).map { CivilDate(year: 2024, month: 2, day: 26).adding(days: Int64($0)) }

    func requireStrace() throws -> String {
        guard let s = Self.strace else { throw XCTSkip("strace is absent: apt-get install strace (DurabilityOrderTests skipped)") }
        return s
    }

    /// Runs make under strace and returns the checked trace.
    func traced(_ dir: Workdir, _ targets: [String], _ label: String, file: StaticString = #filePath, line: UInt = #line) throws -> DurabilityTrace {
        let strace = try requireStrace()
        let out = dir.url(".strace-\(label).txt")
        let vars = ["BIN": Binaries.directory, "NO_BUILD": "1", "CACHE_DIR": dir.url("cache"), "DATA_DIR": dir.url("data"),
                    "SYMBOLS_FILE": dir.url("symbols.txt")]
        let args = ["-f", "-qq", "-y", "-s", "0", "-o", out,
                    "-e", "trace=openat,write,fsync,fdatasync,syncfs,rename,renameat,renameat2,ftruncate,execve,clone,clone3,mkdir,mkdirat",
                    "/usr/bin/make", "--no-print-directory", "-f", Binaries.packageRoot + "/Makefile", "-C", Binaries.packageRoot]
            + vars.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + targets
        let run = dir.runProgram(strace, args)
        XCTAssertEqual(run.status, 0, "\(label): make under strace failed\n\(run)", file: file, line: line)
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        return DurabilityTrace(text: text, root: dir.path)
    }

    func assertOrdered(_ t: DurabilityTrace, _ label: String, stages: [String: Int], file: StaticString = #filePath, line: UInt = #line) {
        let strict = ProcessInfo.processInfo.environment["OHLCV_STRICT_DURABILITY"] == "1"
        var t = t
        let v = t.violations(strictDirectories: strict)
        XCTAssertTrue(v.isEmpty, "\(label): durability order violated:\n" + v.prefix(20).joined(separator: "\n"), file: file, line: line)
        // The check must have seen the work: renames per stage at least as many as asked.
        for (stage, minimum) in stages {
            XCTAssertGreaterThanOrEqual(t.renames[stage, default: 0], minimum,
                                        "\(label): expected ≥ \(minimum) renames by ohlcv-\(stage); saw \(t.renames)", file: file, line: line)
        }
        print("durability \(label): \(t.events) events, renames \(t.renames.sorted { $0.key < $1.key }), directory fsyncs \(t.directorySyncs), syncfs \(t.syncfsCalls)")
    }

    func testColdBuildHourlyAndBackfillSyncBeforeRenameAndDirectoryAfter() throws {
        _ = try requireStrace()
        let dir = Workdir(#function)
        let h = PipelineHarness(dir, seed: 77, symbols: ["EUR-USD", "BTC-USD"])
        for d in days.dropLast() { h.writeFinalDay(d) }
        h.writeGrowingDay(days[5], minutes: 300)
        // Cold: every stage creates its files (transform batch, aggregate + index, 10 resample files + indexes).
        let cold = try traced(dir, ["pipeline"], "cold")
        assertOrdered(cold, "cold", stages: ["transform": 12, "aggregate": 2, "resample": 20])
        // Hourly: the growing day grows; aggregate and resample append and rewrite the open candle.
        h.writeGrowingDay(days[5], minutes: 420)
        let hourly = try traced(dir, ["pipeline"], "hourly")
        // (An index whose content did not change is not rewritten: when one symbol's growing day gained no
        // candles, its aggregate commits nothing, so one aggregate rename is the minimum.)
        assertOrdered(hourly, "hourly", stages: ["transform": 2, "aggregate": 1, "resample": 2])
        // Backfill: an old day changes; aggregate and resample cut back into their final region, which commits
        // an index before truncating (SeriesFile.rewind): that index too must follow an fsync of the CSV.
        let other = PipelineHarness(Workdir("durability-backfill-source"), seed: 78, symbols: ["EUR-USD", "BTC-USD"])
        for (i, s) in other.symbols.enumerated() {
            dir.write(h.cachePath(h.symbols[i].name, days[1]), s.generator.payload(date: days[1]))
        }
        let backfill = try traced(dir, ["pipeline"], "backfill")
        assertOrdered(backfill, "backfill", stages: ["transform": 2, "aggregate": 2, "resample": 20])
        // Parquet: partitions, then the series state that points at them.
        let parquet = try traced(dir, ["parquet"], "parquet")
        assertOrdered(parquet, "parquet", stages: ["parquet": 22])
        h.writeGrowingDay(days[5], minutes: 480)
        makeOK(dir)
        let parquetIncremental = try traced(dir, ["parquet"], "parquet-incremental")
        assertOrdered(parquetIncremental, "parquet-incremental", stages: ["parquet": 2])
    }

    /// The checker itself must catch each kind of violation (a test that cannot fail proves nothing).
    func testCheckerCatchesEachViolation() {
        let root = "/w"
        func v(_ lines: [String]) -> [String] {
            var t = DurabilityTrace(text: (["1 execve(\"/b/ohlcv-aggregate\", [\"x\"], 0x0 /* 1 vars */) = 0"] + lines).joined(separator: "\n"), root: root)
            return t.violations(strictDirectories: true)
        }
        let good = [
            "1 openat(AT_FDCWD</w>, \"/w/a.csv\", O_RDWR|O_CREAT|O_CLOEXEC, 0644) = 3</w/a.csv>",
            "1 write(3</w/a.csv>, \"\"..., 10) = 10",
            "1 fsync(3</w/a.csv>) = 0",
            "1 openat(AT_FDCWD</w>, \"/w/index/a.idx.tmp\", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644) = 4</w/index/a.idx.tmp>",
            "1 write(4</w/index/a.idx.tmp>, \"\"..., 10) = 10",
            "1 fsync(4</w/index/a.idx.tmp>) = 0",
            "1 rename(\"/w/index/a.idx.tmp\", \"/w/index/a.idx\") = 0",
            "1 openat(AT_FDCWD</w>, \"/w/index\", O_RDONLY|O_CLOEXEC|O_DIRECTORY) = 5</w/index>",
            "1 fsync(5</w/index>) = 0",
        ]
        XCTAssertEqual(v(good), [])
        XCTAssertEqual(v(good.filter { !$0.contains("fsync(3") }).count, 1, "CSV not synced before its index")
        XCTAssertEqual(v(good.filter { !$0.contains("fsync(4") }).count, 1, "temp file not synced before rename")
        XCTAssertEqual(v(good.filter { !$0.contains("fsync(5") }).count, 1, "directory not synced after rename")
        var syncfs = good.filter { !$0.contains("fsync(3") && !$0.contains("fsync(4") }
        syncfs.insert("1 syncfs(6</w/index/a.idx.tmp>) = 0", at: 4)
        XCTAssertEqual(v(syncfs), [], "syncfs covers every earlier write")
        var resumed = good
        resumed[2] = "1 fsync(3</w/a.csv> <unfinished ...>"
        resumed.insert("1 <... fsync resumed>) = 0", at: 3)
        XCTAssertEqual(v(resumed), [], "unfinished/resumed lines are joined")
        XCTAssertEqual(v(good.filter { !$0.contains("fsync(5") }.map { $0.replacingOccurrences(of: "1 ", with: "1   ", options: .anchored) }).count, 1,
                       "strace pads the pid column")
        XCTAssertEqual(v(["1 mkdir(\"/w/new\", 0755) = 0"] + good).count, 1, "strict: a new directory's parent is synced")
        XCTAssertEqual(v(["1 mkdir(\"/w/new\", 0755) = 0", "1 openat(AT_FDCWD</w>, \"/w\", O_RDONLY|O_DIRECTORY) = 7</w>", "1 fsync(7</w>) = 0"] + good), [])
    }
}

/// A parsed `strace -f -y` log, grouped by process (threads share their process's state), with the checks.
struct DurabilityTrace {
    struct Call { let name: String; let args: String; let result: String }
    /// Per process: the tool it runs and its calls in order.
    var processes: [(tool: String, calls: [Call])] = []
    var renames: [String: Int] = [:]
    var events = 0
    var directorySyncs = 0
    var syncfsCalls = 0
    let root: String

    init(text: String, root: String) {
        self.root = root
        var group: [String: Int] = [:]          // tid → index in processes
        var pending: [String: String] = [:]     // tid → unfinished line head
        func processIndex(_ tid: String) -> Int {
            if let i = group[tid] { return i }
            processes.append((tool: "?", calls: [])); group[tid] = processes.count - 1
            return processes.count - 1
        }
        for raw in text.split(separator: "\n") {
            guard let space = raw.firstIndex(of: " ") else { continue }
            let tid = String(raw[..<space])
            // strace pads the pid column ("965   execve(…"), so trim what follows it.
            var line = String(raw[raw.index(after: space)...].drop(while: { $0 == " " }))
            if line.hasSuffix("<unfinished ...>") {
                pending[tid] = String(line.dropLast("<unfinished ...>".count)); continue
            }
            if line.hasPrefix("<... "), let head = pending.removeValue(forKey: tid), let close = line.range(of: " resumed>") {
                line = head + line[close.upperBound...]
            }
            guard let paren = line.firstIndex(of: "("), let eq = line.range(of: " = ", options: .backwards) else { continue }
            let name = String(line[..<paren])
            let args = String(line[line.index(after: paren)..<eq.lowerBound])
            let result = String(line[eq.upperBound...])
            if result.hasPrefix("-1") || result.hasPrefix("?") { continue }           // failed or unfinished
            let p = processIndex(tid)
            switch name {
            case "execve":
                // A new program: a fresh process state (the old one's checks end here).
                let program = Self.quoted(args).first ?? "?"
                let fresh = processes.count
                processes.append((tool: FileSystem.baseName(program), calls: []))
                group[tid] = fresh
            case "clone", "clone3":
                let child = result.split(separator: " ").first.map(String.init) ?? ""
                if args.contains("CLONE_THREAD") { group[child] = p } else {
                    processes.append((tool: processes[p].tool, calls: [])); group[child] = processes.count - 1
                }
            default:
                processes[p].calls.append(Call(name: name, args: args, result: result))
                events += 1
            }
        }
    }

    /// `3</w/a.csv>` → `/w/a.csv`.
    static func fdPath(_ text: Substring) -> String? {
        guard let open = text.firstIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else { return nil }
        return String(text[text.index(after: open)..<close])
    }

    /// The quoted strings of an argument list, in order.
    static func quoted(_ args: String) -> [String] {
        args.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    mutating func violations(strictDirectories: Bool) -> [String] {
        var problems: [String] = []
        renames = [:]; directorySyncs = 0; syncfsCalls = 0
        for (tool, calls) in processes where tool.hasPrefix("ohlcv-") {
            let stage = String(tool.dropFirst("ohlcv-".count))
            var dirty: [String: Int] = [:]               // path → index of the last unsynced write
            var unsyncedRenames: [String: String] = [:]  // directory → a rename into it not yet made durable
            var newDirectories: [String: String] = [:]   // parent → a directory created in it, parent not synced
            func describe(_ i: Int) -> String { "\(tool) call \(i): \(calls[i].name)(\(calls[i].args.prefix(160))) = \(calls[i].result.prefix(60))" }
            for (i, c) in calls.enumerated() {
                switch c.name {
                case "write", "ftruncate", "pwrite64":
                    if let path = Self.fdPath(c.args.split(separator: ",").first ?? ""), path.hasPrefix(root) { dirty[path] = i }
                case "fsync", "fdatasync":
                    guard let path = Self.fdPath(c.args[...]) else { continue }
                    dirty[path] = nil
                    if unsyncedRenames.removeValue(forKey: path) != nil || FileSystem.isDirectory(path) { directorySyncs += 1 }
                    newDirectories[path] = nil
                case "syncfs":
                    syncfsCalls += 1
                    dirty.removeAll()            // every dirty page of the file system (the workdir is one)
                case "rename", "renameat", "renameat2":
                    let q = Self.quoted(c.args)
                    guard q.count >= 2 else { continue }
                    let (from, to) = (q[0], q[1])
                    guard to.hasPrefix(root) else { continue }
                    renames[stage, default: 0] += 1
                    if let w = dirty[from] {
                        problems.append("renamed before its data was fsynced: \(describe(i)); last write \(describe(w))")
                    }
                    let base = FileSystem.baseName(to)
                    let isIndex = to.hasSuffix(".idx") || base == "_ohlcv_parquet_state"
                    if isIndex {
                        var describedCSV = ""
                        if to.hasSuffix(".idx") {
                            let dataDir = FileSystem.directoryName(FileSystem.directoryName(to))
                            let csv = dataDir + "/" + String(base.dropLast(4)) + ".csv"
                            describedCSV = csv
                            if let w = dirty[csv] { problems.append("index renamed before its CSV was fsynced: \(describe(i)); last CSV write \(describe(w))") }
                        }
                        for (d, r) in unsyncedRenames where d != FileSystem.directoryName(to) {
                            problems.append("index/state renamed while an earlier rename is not durable (directory \(d) not fsynced after \(r)): \(describe(i))")
                        }
                        // Any unsynced write anywhere under the data root is data the index may describe.
                        for (p, w) in dirty where p != from && p != describedCSV && !p.hasSuffix(".tmp") {
                            problems.append("index/state renamed with unsynced data in \(p): \(describe(i)); last write \(describe(w))")
                        }
                    }
                    unsyncedRenames[FileSystem.directoryName(to)] = "\(from) → \(to)"
                case "mkdir", "mkdirat":
                    if strictDirectories, let path = Self.quoted(c.args).first, path.hasPrefix(root) {
                        newDirectories[FileSystem.directoryName(path)] = path
                    }
                default: break
                }
            }
            for (d, r) in unsyncedRenames.sorted(by: { $0.key < $1.key }) {
                problems.append("\(tool): directory \(d) never fsynced after the rename \(r)")
            }
            for (parent, d) in newDirectories.sorted(by: { $0.key < $1.key }) {
                problems.append("\(tool): created \(d) but never fsynced its parent \(parent): the new directory entry can vanish on power loss")
            }
        }
        return problems
    }
}
