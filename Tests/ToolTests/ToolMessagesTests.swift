import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// What every tool says when it fails, and what its --help promises about exit statuses (issue #10).
final class ToolMessagesTests: XCTestCase {
    static let tools = ["fetch", "transform", "aggregate", "resample", "parquet", "extract", "config", "report"]

    /// The statuses each tool can return, from what each one does (sysexits.h values):
    /// - every tool: 0, 64 (its command line), 66 (a named file that does not exist), 70 (a bug),
    ///   74 (read/write/rename), 78 (a setting or symbols file that cannot be used).
    /// - 65, bad data: the tools that read payloads or candle CSV (fetch validates what the server sends);
    ///   config reads settings and symbol lists only, whose faults are configuration errors (78).
    /// - 69 (the server refused) and 75 (retries exhausted, day not published yet): only fetch talks to a
    ///   server. The run lock's 75 is make's (run_locked), not a tool's.
    static let statuses: [String: [Int]] = [
        "fetch": [0, 64, 65, 66, 69, 70, 74, 75, 78],
        "transform": [0, 64, 65, 66, 70, 74, 78],
        "aggregate": [0, 64, 65, 66, 70, 74, 78],
        "resample": [0, 64, 65, 66, 70, 74, 78],
        "parquet": [0, 64, 65, 66, 70, 74, 78],
        "extract": [0, 64, 65, 66, 70, 74, 78],
        "config": [0, 64, 66, 70, 74, 78],
        "report": [0, 64, 70, 74],
    ]

    func testHelpListsExactlyTheStatusesEachToolCanReturn() {
        let dir = Workdir(#function)
        for tool in Self.tools {
            let run = dir.run(tool, ["--help"])
            XCTAssertEqual(run.status, 0, "\(run)")
            guard let table = run.stdoutText.components(separatedBy: "\nExit status:\n").last,
                  run.stdoutText.contains("\nExit status:\n") else {
                XCTFail("\(tool): no exit status table\n\(run)")
                continue
            }
            let listed = table.split(separator: "\n").compactMap { line -> Int? in
                let words = line.split(separator: " ")
                guard line.hasPrefix("  "), !line.hasPrefix("      "), let first = words.first else { return nil }
                return Int(first)
            }
            XCTAssertEqual(listed, Self.statuses[tool], "\(tool) --help lists \(listed)\n\(table)")
        }
    }

    /// A usage error and a data error of every tool: exit status as documented, and stderr is one line that
    /// starts `ABORT! Critical error in <stage>: `.
    func testEveryFailureIsOneAbortLineNamingTheStage() {
        let dir = Workdir(#function)
        let header = "time,open,high,low,close,volume\n"
        dir.write("bad.json", "{\"timestamp\":1709683200000,\"multiplier\":")
        dir.write("bad.csv", header + "2024-03-06 00:00:00,1.08512,1.0853,1.0849,1.0852,1O.5\n")
        dir.write("symbols.txt", "EUR-USD\nEUR USD!\n")
        let dataErrors: [(tool: String, args: [String], status: Int32)] = [
            ("fetch", ["--list-symbols", "symbols.txt"], 78),
            ("transform", ["bad.json"], 65),
            ("aggregate", ["bad.csv"], 65),
            ("resample", ["--timeframe", "1h", "bad.csv"], 65),
            ("parquet", ["bad.csv"], 65),
            ("extract", ["--symbol", "EUR-USD", "--timeframe", "1m", "bad.csv"], 65),
            ("config", ["--symbols-file", "symbols.txt"], 78),
            // report reads no data it could refuse; its page cannot be written under a file.
            ("report", ["--output", "bad.csv/index.html", "EUR-USD"], 74),
        ]
        XCTAssertEqual(dataErrors.map(\.tool), Self.tools)
        for (tool, args, status) in [(String, [String], Int32)](Self.tools.map { ($0, ["--no-such-option"], 64) }) + dataErrors {
            let run = dir.run(tool, args, environment: ["OHLCV_BASE_URL": "http://127.0.0.1:9"])
            XCTAssertEqual(run.status, status, "\(run)")
            let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertEqual(lines.count, 2, "one line, ending in a newline\n\(run)")
            XCTAssertTrue(run.stderr.hasPrefix("ABORT! Critical error in \(tool): "), "\(run)")
        }
    }
}

/// behaviour §8: long work shows progress on stderr when it is a terminal and stays quiet when it is not.
final class StageProgressTests: XCTestCase {
    func testResampleDrawsProgressAndOneSummaryOnATerminalAndNothingOtherwise() throws {
        let dir = Workdir(#function)
        let h = PipelineHarness(dir, seed: 5, symbols: ["EUR-USD"])
        for i in 0..<8 { h.writeFinalDay(CivilDate(year: 2024, month: 3, day: 4).adding(days: Int64(i))) }
        makeOK(dir)
        let args = ["--symbol", "EUR-USD", "--input", "data/aggregate/1m/EUR-USD.csv"]
        // A fresh output tree each time, so that both runs build all ten timeframes from scratch.
        let quiet = dir.run("resample", args + ["--output-dir", "quiet"])
        XCTAssertEqual(quiet.status, 0, "\(quiet)")
        XCTAssertEqual(quiet.stderr, "", "not a terminal: nothing on stderr")

        // script(1) gives the tool a pseudo-terminal; what the tool wrote comes back on script's stdout.
        let command = ([Binaries.path(of: "ohlcv-resample")] + args + ["--output-dir", "shown"]).joined(separator: " ")
        let shown = dir.runProgram("/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["TERM": "xterm"])
        XCTAssertEqual(shown.status, 0, "\(shown)")
        let screen = shown.stdoutText
        XCTAssertNotNil(screen.range(of: #"resample: EUR-USD 5m…1Y \d+%"#, options: .regularExpression), screen)
        let rows = dir.listing("shown").filter { $0.hasSuffix("/EUR-USD.csv") }.reduce(0) { sum, path in
            sum + (dir.readText("shown/\(path)")!.split(separator: "\n").count - 1)
        }
        XCTAssertGreaterThan(rows, 0)
        XCTAssertEqual(dir.snapshot("shown").filter { !$0.key.contains("index/") },
                       dir.snapshot("quiet").filter { !$0.key.contains("index/") }, "progress changes no output")
        let summary = "resample: EUR-USD: 10 timeframes, \(rows.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))) rows written"
        XCTAssertTrue(screen.hasSuffix(summary + "\r\n"), "ends with the summary on its own line:\n\(screen.debugDescription)")
    }
}
