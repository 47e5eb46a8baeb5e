import Foundation
import OHLCVCore
import OHLCVTestSupport
import XCTest

/// behaviour §7: bad input stops the run with a message that names stage, symbol, file and problem, a non-zero
/// status, and not one byte changed in any output a reader uses.
final class BadInputTests: XCTestCase {
    let days: [CivilDate] = (0..<3).map { CivilDate(year: 2024, month: 3, day: 4).adding(days: Int64($0)) }

    /// A built state; `damage` breaks something; make must fail with `message` and leave the outputs alone.
    func check(_ name: String, message: String, toolStatus: Int32? = nil, file: StaticString = #filePath, line: UInt = #line,
               damage: (PipelineHarness) -> Void) {
        let dir = Workdir("bad-\(name)")
        let h = PipelineHarness(dir, seed: 9, symbols: ["EUR-USD"])
        for d in days.dropLast() { h.writeFinalDay(d) }
        makeOK(dir)
        damage(h)
        let before = dir.snapshot("data").filter { !$0.key.hasPrefix("stamp/") && !$0.key.hasPrefix("locks/") && !$0.key.hasPrefix("transform/") }
        let run = dir.make(["pipeline"])
        XCTAssertNotEqual(run.status, 0, "\(name): make must fail\n\(run)", file: file, line: line)
        XCTAssertTrue(run.stderr.contains("ABORT! Critical error in "), "\(name): no ABORT line\n\(run)", file: file, line: line)
        XCTAssertTrue(run.stderr.contains(message), "\(name): expected '\(message)' in\n\(run.stderr)", file: file, line: line)
        XCTAssertTrue(run.stderr.contains("EUR-USD"), "\(name): the symbol is named\n\(run.stderr)", file: file, line: line)
        let after = dir.snapshot("data").filter { !$0.key.hasPrefix("stamp/") && !$0.key.hasPrefix("locks/") && !$0.key.hasPrefix("transform/") }
        XCTAssertEqual(after.keys.sorted(), before.keys.sorted(), "\(name): files appeared or vanished", file: file, line: line)
        for (k, v) in before where after[k] != v { XCTFail("\(name): \(k) changed", file: file, line: line) }
    }

    func newDay(_ h: PipelineHarness) -> (path: String, text: String) {
        let path = h.cachePath("EUR-USD", days[2])
        return (path, String(decoding: h.symbols[0].generator.payload(date: days[2]), as: UTF8.self))
    }

    /// The next day's payload with one piece of text replaced.
    func checkReplacing(_ name: String, message: String, _ text: String, with replacement: String,
                        file: StaticString = #filePath, line: UInt = #line) {
        check(name, message: message, file: file, line: line) { h in
            let d = newDay(h)
            h.dir.write(d.path, d.text.replacingOccurrences(of: text, with: replacement))
        }
    }

    func testTruncatedJSON() {
        check("truncated", message: "malformed JSON") { h in
            let d = newDay(h); h.dir.write(d.path, String(d.text.prefix(d.text.count / 2)))
        }
    }

    func testMissingKey() {
        checkReplacing("missing-key", message: "missing key 'volumes'", "\"volumes\"", with: "\"volume_list\"")
    }

    func testUnequalArrayLengths() {
        checkReplacing("unequal", message: "arrays differ in length: volumes has", "\"volumes\":[", with: "\"volumes\":[1.5,")
    }

    func testNonNumericDelta() {
        checkReplacing("non-numeric", message: "expected a number for 'opens'", "\"opens\":[0,", with: "\"opens\":[0,\"x\",")
    }

    func testDayOverlappingThePreviousDay() {
        check("overlap", message: "UTC is not on the file's day, 2024-03-06") { h in
            // The new day's payload claims to start at the previous day's midnight.
            let d = newDay(h)
            let previous = self.days[1].daysSinceEpoch * 86_400_000, own = self.days[2].daysSinceEpoch * 86_400_000
            h.dir.write(d.path, d.text.replacingOccurrences(of: "\"timestamp\":\(own)", with: "\"timestamp\":\(previous)"))
        }
    }

    /// Day CSVs are read by aggregate: damage one and hand it to the tool as a changed day.
    func checkDayCSV(_ name: String, message: String, file: StaticString = #filePath, line: UInt = #line,
                     edit: (inout [String]) -> Void) {
        let dir = Workdir("bad-\(name)")
        let h = PipelineHarness(dir, seed: 9, symbols: ["EUR-USD"])
        for d in days.dropLast() { h.writeFinalDay(d) }
        makeOK(dir)
        let transformed = "data/transform/1m/2024/03/EUR-USD_20240305.csv"
        var lines = dir.readText(transformed)!.split(separator: "\n").map(String.init)
        edit(&lines)
        dir.write(transformed, lines.joined(separator: "\n") + "\n")
        dir.write("changed.txt", transformed + "\n")
        let before = dir.snapshot("data/aggregate")
        let run = dir.run("aggregate", ["--symbol", "EUR-USD", "--output", "data/aggregate/1m/EUR-USD.csv",
                                        "--transform-dir", "data/transform/1m", "--changed-from", "changed.txt"])
        XCTAssertEqual(run.status, 65, "\(name)\n\(run)", file: file, line: line)
        XCTAssertTrue(run.stderr.hasPrefix("ABORT! Critical error in aggregate: EUR-USD: \(transformed):"), "\(name)\n\(run.stderr)", file: file, line: line)
        XCTAssertTrue(run.stderr.contains(message), "\(name): expected '\(message)' in\n\(run.stderr)", file: file, line: line)
        XCTAssertEqual(dir.snapshot("data/aggregate"), before, "\(name): the aggregate changed", file: file, line: line)
    }

    func testOutOfOrderRowInADayCSV() {
        checkDayCSV("csv-order", message: ":5: times do not strictly increase") { lines in lines.swapAt(3, 4) }
    }

    func testBadNumberInADayCSV() {
        checkDayCSV("csv-number", message: ":3: bad number in high: '1.2.3'") { lines in
            var f = lines[2].split(separator: ",").map(String.init)
            f[2] = "1.2.3"
            lines[2] = f.joined(separator: ",")
        }
    }

    func testIndexPointingPastTheEndOfItsFile() {
        check("past-end", message: "corrupt index: it points past the end") { h in
            let d = newDay(h); h.dir.write(d.path, d.text)
            let csv = h.dir.read("data/aggregate/1m/EUR-USD.csv")!
            h.dir.write("data/aggregate/1m/EUR-USD.csv", Array(csv[0..<(csv.count / 3)]))
        }
    }

    func testCorruptIndex() {
        check("corrupt-index", message: "corrupt index: checksum does not match") { h in
            let d = newDay(h); h.dir.write(d.path, d.text)
            var idx = h.dir.read("data/aggregate/1m/index/EUR-USD.idx")!
            idx[20] ^= 1
            h.dir.write("data/aggregate/1m/index/EUR-USD.idx", idx)
        }
    }
}
