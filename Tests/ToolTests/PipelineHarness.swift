import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// Builds cache trees from the seeded generator and compares everything the pipeline writes.
///
/// Each symbol is built for `sides` (config.mk's SIDES): `symbols` holds one entry per series, named as its
/// files are (`EUR-USD`, `EUR-USD@ASK`), whose ask days are the bid days plus a spread (`PayloadGenerator`).
struct PipelineHarness {
    let dir: Workdir
    let symbols: [(name: String, generator: PayloadGenerator, side: Side)]

    init(_ dir: Workdir, seed: UInt64, symbols: [String] = ["EUR-USD", "BTC-USD"], sides: [Side] = [.bid]) {
        self.dir = dir
        self.symbols = symbols.flatMap { symbol in
            sides.map { side in
                (Series(try! Symbol(parsing: symbol), side).fileName,
                 PayloadGenerator(market: symbol.hasPrefix("BTC") ? .crypto : .fx, seed: seed &+ UInt64(symbol.count)), side)
            }
        }
        dir.write("symbols.txt", "# test symbols\n" + symbols.joined(separator: "\n") + "\n")
        if sides != [.bid] { dir.write("config.mk", "SIDES = \(sides.map(\.rawValue).joined(separator: " "))\n") }
    }

    func cachePath(_ symbol: String, _ date: CivilDate, root: String = "cache") -> String {
        DayFile(symbol: symbol, date: date).datedPath(root: root, extension: "json")
    }

    func writeFinalDay(_ date: CivilDate, root: String = "cache") {
        for (name, gen, side) in symbols { dir.write(cachePath(name, date, root: root), gen.payload(date: date, side: side)) }
    }

    /// Today's growing day as fetch leaves it: data/temp/SYM_YYYYMMDD.json with the first `minutes` minutes.
    func writeGrowingDay(_ date: CivilDate, minutes: Int) {
        for (name, gen, side) in symbols {
            dir.write("data/temp/\(DayFile(symbol: name, date: date).fileName(extension: "json"))",
                      gen.payload(date: date, upToMinute: minutes, side: side))
        }
    }

    /// What fetch does when a day becomes final: the growing files of that day go.
    func retireGrowingDay(_ date: CivilDate) {
        for (name, _, _) in symbols {
            dir.remove("data/temp/\(DayFile(symbol: name, date: date).fileName(extension: "json"))")
            dir.remove("data/temp/\(DayFile(symbol: name, date: date).fileName(extension: "csv"))")
        }
    }

    /// The data files a reader uses (CSVs of every stage), without indexes and stamps.
    func outputs(data: String = "data") -> [String: [UInt8]] {
        dir.snapshot(data).filter { $0.key.hasSuffix(".csv") && !$0.key.hasPrefix("stamp/") }
    }
}

/// Runs make and fails the test with everything needed to reproduce it when make fails.
@discardableResult
func makeOK(_ dir: Workdir, _ targets: [String] = ["pipeline"], variables: [String: String] = [:],
            file: StaticString = #filePath, line: UInt = #line) -> ToolRun {
    let run = dir.make(targets, variables: variables)
    XCTAssertEqual(run.status, 0, "make failed:\n\(run)", file: file, line: line)
    return run
}

/// Asserts two output sets are byte-identical, naming the first differing file and line.
func assertSameOutputs(_ got: [String: [UInt8]], _ expected: [String: [UInt8]], _ context: String,
                       file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(Set(got.keys), Set(expected.keys), "\(context): different files", file: file, line: line)
    for (name, bytes) in expected.sorted(by: { $0.key < $1.key }) {
        guard let other = got[name] else { continue }
        if other != bytes {
            let a = String(decoding: other, as: UTF8.self).split(separator: "\n")
            let b = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
            let i = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            XCTFail("\(context): \(name) differs at line \(i + 1): got '\(i < a.count ? a[i] : "<end>")', clean build has '\(i < b.count ? b[i] : "<end>")'",
                    file: file, line: line)
            return
        }
    }
}

func requireFixtures() throws {
    guard Fixtures.isAvailable else {
        throw XCTSkip("../shared/fixtures is absent (set OHLCV_FIXTURES to run the real-data tests)")
    }
}
