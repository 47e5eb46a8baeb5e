import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// Issue #12: a tree built before sides existed (Tests/fixtures/upgrade, made by commit 4090e33) is taken as
/// it is by today's tools and Makefile: no BID file is rebuilt or changed, and what today's tools build from
/// its cache is byte for byte what the old tools built.
final class UpgradeTests: XCTestCase {
    static let fixture = Binaries.packageRoot + "/Tests/fixtures/upgrade/tree-4090e33.tar.xz"

    /// Unpacks the old tree into `dir` with Python's tarfile (stdlib lzma; file times kept, as make needs).
    func unpackOldTree(_ dir: Workdir) throws {
        let run = dir.runProgram("/usr/bin/env", ["python3", "-c",
            "import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])", Self.fixture, dir.path])
        XCTAssertEqual(run.status, 0, "\(run)")
        dir.write("symbols.txt", "EUR-USD\nBTC-USD\n")
        guard dir.exists("data/aggregate/1m/EUR-USD.csv") else { throw XCTSkip("the upgrade fixture did not unpack: \(run)") }
    }

    /// What a user reads and what the next run starts from: every file but make's lock.
    func tree(_ dir: Workdir) -> [String: [UInt8]] {
        dir.snapshot("data").filter { !$0.key.hasPrefix("locks/") }.merging(dir.snapshot("cache").map { ("cache/" + $0.key, $0.value) }) { a, _ in a }
    }

    func testAnOldTreeIsTakenAsItIsAndItsBidFilesAreWhatTodaysToolsBuild() throws {
        let dir = Workdir(#function)
        try unpackOldTree(dir)
        let old = tree(dir)
        XCTAssertGreaterThan(old.count, 50)
        // The one change an old tree takes: its Parquet series move, by renames, under side=BID/ (layout 2,
        // marked at the tree's root; docs/parquet.md). Every file keeps its bytes.
        var migrated: [String: [UInt8]] = [:]
        for (path, bytes) in old {
            var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if parts.count > 3, parts[0] == "parquet", parts[2].hasPrefix("symbol=") { parts.insert("side=BID", at: 3) }
            migrated[parts.joined(separator: "/")] = bytes
        }
        migrated["parquet/_ohlcv_parquet_layout"] = Array("ohlcv-parquet-layout 2\n".utf8)

        // The run of today's Makefile over it (the settings it was built with; nothing new cached) changes nothing.
        makeOK(dir, ["pipeline"], variables: ["START_DATE": "2026-07-10"])
        let after = tree(dir)
        XCTAssertEqual(Set(migrated.keys).union(after.keys).filter { migrated[$0] != after[$0] }.sorted(), [],
                       "files that today's pipeline changed in an old tree")

        // And today's tools rebuild the very same BID bytes from the old cache.
        makeOK(dir, ["rebuild-full"], variables: ["START_DATE": "2026-07-10"])
        let rebuilt = tree(dir)
        let csvs = old.keys.filter { $0.hasSuffix(".csv") && !$0.hasPrefix("stamp/") }
        XCTAssertGreaterThan(csvs.count, 20)
        XCTAssertEqual(csvs.filter { rebuilt[$0] != old[$0] }.sorted(), [], "CSVs that today's tools build differently")
    }
}
