import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// One identity per instrument, everywhere (issue 9, item 1): every spelling in symbols.txt and in
/// `make SYMBOL=…` resolves to the one listed instrument and its files, through make itself.
final class InstrumentIdentityTests: XCTestCase {
    let day = CivilDate(year: 2024, month: 5, day: 6)

    /// A workdir whose symbols.txt lists EUR-USD as `listed`, with a cached day under that line's file name
    /// (what fetch writes for it), and a second instrument.
    func workdir(_ name: String, listed: String) throws -> (Workdir, String) {
        let dir = Workdir("identity-\(name)")
        let fileName = try Symbol(parsing: listed).fileName
        PipelineHarness(dir, seed: 3, symbols: [fileName, "BTC-USD"]).writeFinalDay(day)
        dir.write("symbols.txt", "# FX first\n\(listed)\nBTC-USD\n")
        return (dir, fileName)
    }

    func testEverySpellingOfSymbolSelectsTheListedInstrumentAndItsFiles() throws {
        for listed in ["EUR/USD", "EUR-USD", "EURUSD"] {
            let (clean, fileName) = try workdir("clean-\(listed.replacingOccurrences(of: "/", with: "_"))", listed: listed)
            makeOK(clean, ["pipeline"])
            let expected = clean.snapshot("data").filter { $0.key.hasSuffix(".csv") && $0.key.contains(fileName) }
            XCTAssertTrue(expected.keys.contains("aggregate/1m/\(fileName).csv"), "\(listed): \(expected.keys.sorted())")
            for spelling in ["EUR/USD", "EUR-USD", "EURUSD", "eurusd"] {
                let (dir, _) = try workdir("\(listed.replacingOccurrences(of: "/", with: "_"))-\(spelling.replacingOccurrences(of: "/", with: "_"))", listed: listed)
                let run = makeOK(dir, ["pipeline"], variables: ["SYMBOL": spelling])
                let got = dir.snapshot("data").filter { $0.key.hasSuffix(".csv") }
                XCTAssertEqual(got.filter { $0.key.contains("BTC-USD") }, [:], "\(listed) ← SYMBOL=\(spelling) built another symbol")
                assertSameOutputs(got, expected, "list \(listed), SYMBOL=\(spelling)")
                XCTAssertFalse(dir.listing("data").contains { $0.contains("EUR/") }, "nested paths: \(run)")
            }
        }
    }

    func testASymbolNotInTheListIsAnErrorThatSaysSoAndBuildsNothing() throws {
        let (dir, _) = try workdir("unlisted", listed: "EUR-USD")
        for spelling in ["GBPUSD", "GBP/USD", "XAU-USD"] {
            let run = dir.make(["pipeline"], variables: ["SYMBOL": spelling])
            XCTAssertNotEqual(run.status, 0, "\(run)")
            XCTAssertTrue(run.stderr.contains("ABORT! Critical error in config: bad setting SYMBOL = '\(spelling)' (from the command line): '\(spelling)' is not in"),
                          run.stderr)
            XCTAssertFalse(dir.exists("data/aggregate"), "nothing may be built: \(dir.listing("data"))")
            XCTAssertFalse(dir.exists("data/stamp"))
        }
    }

    func testAListNamingOneInstrumentTwiceIsRefusedNamingBothLines() throws {
        for (a, b) in [("EURUSD", "EUR-USD"), ("EUR/USD", "EURUSD"), ("EUR-USD", "EUR/USD")] {
            let (dir, _) = try workdir("twice-\(a.replacingOccurrences(of: "/", with: "_"))", listed: a)
            dir.write("symbols.txt", "\(a)\nBTC-USD\n\(b)\n")
            for target in ["pipeline", "all", "check-config", "rebuild-full"] {
                let run = dir.make([target], variables: ["BASE_URL": "http://127.0.0.1:9"])
                XCTAssertNotEqual(run.status, 0, "\(run)")
                XCTAssertTrue(run.stderr.contains("symbols.txt:3: line 3 '\(b)' and line 1 '\((try Symbol(parsing: a)).fileName)' name the same instrument, EUR-USD"),
                              "\(target): \(run.stderr)")
                XCTAssertFalse(dir.exists("data/aggregate"))
            }
        }
    }

    func testASlashedListLineBuildsFlatFilesAndRebuildFullFindsItsCache() throws {
        let (dir, _) = try workdir("slash", listed: "EUR/USD")
        makeOK(dir, ["pipeline"])
        makeOK(dir, ["rebuild-full"], variables: ["SYMBOL": "EUR/USD"])
        XCTAssertTrue(dir.exists("data/aggregate/1m/EUR-USD.csv"))
        XCTAssertTrue(dir.exists("data/resample/1M/EUR-USD.csv"))
        XCTAssertFalse(dir.listing("data").contains { $0.contains("EUR/USD") }, "\(dir.listing("data"))")
        XCTAssertGreaterThan(dir.readText("data/aggregate/1m/EUR-USD.csv")!.split(separator: "\n").count, 1000)
    }

    func testASymbolWithNothingCachedIsRefusedLikeRebuildFull() throws {
        let (dir, _) = try workdir("nothing-cached", listed: "EUR-USD")
        dir.write("symbols.txt", "EUR-USD\nBTC-USD\nXAU-USD\n")
        for target in ["pipeline", "rebuild-full"] {
            let run = dir.make([target], variables: ["SYMBOL": "XAUUSD"])
            XCTAssertNotEqual(run.status, 0, "\(run)")
            XCTAssertTrue(run.stderr.contains("ABORT! Critical error in ") && run.stderr.contains("XAU-USD: "), run.stderr)
            XCTAssertFalse(dir.exists("data/aggregate/1m/XAU-USD.csv"), "\(target) built an empty series")
            XCTAssertFalse(dir.exists("data/stamp/XAU-USD.done"))
            XCTAssertFalse(dir.listing("data").contains { $0.hasSuffix(".tmp") || $0.hasSuffix(".started") }, "\(dir.listing("data"))")
        }
    }
}
