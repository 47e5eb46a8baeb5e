import OHLCVCore
import XCTest

final class RawArgumentsTests: XCTestCase {
    private func parse(_ argv: [String]) throws -> RawArguments {
        try RawArguments(argv, valued: ["symbol", "decimals", "time-shift-ms", "output"], flags: ["dry-run", "full"])
    }

    func testReadsValuesGivenAsTheNextWordOrAfterAnEqualsSign() throws {
        let raw = try parse(["--symbol", "EUR-USD", "--decimals=8", "--output=a=b", "--time-shift-ms="])
        XCTAssertEqual(try raw.value("symbol"), "EUR-USD")
        XCTAssertEqual(try raw.value("decimals"), "8")
        XCTAssertEqual(try raw.value("output"), "a=b")
        XCTAssertEqual(try raw.value("time-shift-ms"), "")
        XCTAssertNil(try raw.value("nothing"))
    }

    func testTakesTheNextWordAsAValueEvenWhenItLooksLikeAnOption() throws {
        let raw = try parse(["--time-shift-ms", "-3600000", "--output", "-", "--symbol", "--full"])
        XCTAssertEqual(try raw.value("time-shift-ms"), "-3600000")
        XCTAssertEqual(try raw.value("output"), "-")
        XCTAssertEqual(try raw.value("symbol"), "--full")
        XCTAssertFalse(raw.has("full"))
        XCTAssertEqual(raw.positionals, [])
    }

    func testRecordsFlags() throws {
        let raw = try parse(["--dry-run", "a.json"])
        XCTAssertTrue(raw.has("dry-run"))
        XCTAssertFalse(raw.has("full"))
        XCTAssertEqual(raw.positionals, ["a.json"])
    }

    func testKeepsPositionalsInOrderAndTakesEverythingAfterDoubleDashAsPositional() throws {
        let raw = try parse(["x.json", "--symbol", "S", "-", "y.json", "--", "--full", "-z", "--", "--symbol"])
        XCTAssertEqual(raw.positionals, ["x.json", "-", "y.json", "--full", "-z", "--", "--symbol"])
        XCTAssertEqual(try raw.value("symbol"), "S")
        XCTAssertFalse(raw.has("full"))
    }

    func testAcceptsADashAsStandardInput() throws {
        XCTAssertEqual(try parse(["-"]).positionals, ["-"])
    }

    func testRefusesUnknownOptions() {
        assertThrows(.usage("unknown option '--zzz' (see --help)"), try parse(["--zzz"]))
        assertThrows(.usage("unknown option '--zzz' (see --help)"), try parse(["--zzz=1"]))
        assertThrows(.usage("unknown option '-x' (see --help)"), try parse(["-x"]))
        assertThrows(.usage("unknown option '-5' (see --help)"), try parse(["a", "-5"]))
        assertThrows(.usage("unknown option '--Symbol' (see --help)"), try parse(["--Symbol", "S"]))
    }

    /// `-o` is a spelling of `--output` only where a tool declares it, with its value as the next word or glued on.
    func testReadsADeclaredShortSpellingAsItsLongOption() throws {
        let short: [Character: String] = ["o": "output", "f": "full"]
        func parse(_ argv: [String]) throws -> RawArguments {
            try RawArguments(argv, valued: ["output", "symbol"], flags: ["full"], short: short)
        }
        XCTAssertEqual(try parse(["-o", "x.parquet", "in.csv"]).values("output"), ["x.parquet"])
        XCTAssertEqual(try parse(["-ox.parquet"]).values("output"), ["x.parquet"])
        XCTAssertEqual(try parse(["-o", "-"]).values("output"), ["-"])
        XCTAssertTrue(try parse(["-f"]).has("full"))
        XCTAssertEqual(try parse(["--", "-o", "x"]).positionals, ["-o", "x"])
        XCTAssertEqual(try parse(["--symbol", "-o"]).values("symbol"), ["-o"])
        assertThrows(.usage("option --output needs a value"), try parse(["-o"]))
        assertThrows(.usage("option --full takes no value"), try parse(["-fx"]))
        assertThrows(.usage("unknown option '-x' (see --help)"), try parse(["-x"]))
        assertThrows(.usage("unknown option '-o' (see --help)"), try RawArguments(["-o", "x"], valued: ["output"], flags: []))
    }

    func testRefusesAValueForAFlagAndAMissingValue() {
        assertThrows(.usage("option --full takes no value"), try parse(["--full=yes"]))
        assertThrows(.usage("option --symbol needs a value"), try parse(["a", "--symbol"]))
    }

    func testRefusesARepeatedOptionWhenItsValueIsAsked() throws {
        let raw = try parse(["--symbol", "A", "--symbol=B"])
        assertThrows(.usage("option --symbol given more than once"), try raw.value("symbol"))
        XCTAssertEqual(raw.values("symbol"), ["A", "B"])
        XCTAssertEqual(raw.values("output"), [])
    }

    func testReadsWholeNumbersWithinARange() throws {
        XCTAssertEqual(try parse([]).int("decimals", default: 8, range: 0...12), 8)
        XCTAssertEqual(try parse(["--decimals", "0"]).int("decimals", default: 8, range: 0...12), 0)
        XCTAssertEqual(try parse(["--decimals", "12"]).int("decimals", default: 8, range: 0...12), 12)
        for bad in ["13", "-1", "x", "8.0", " 8", "", "99999999999999999999"] {
            assertThrows(.usage("--decimals must be a whole number in 0...12, not '\(bad)'"),
                         try parse(["--decimals", bad]).int("decimals", default: 8, range: 0...12), bad)
        }
        assertThrows(.usage("option --decimals given more than once"),
                     try parse(["--decimals", "1", "--decimals", "2"]).int("decimals", default: 8, range: 0...12))
    }

    func testReadsSixtyFourBitWholeNumbers() throws {
        XCTAssertEqual(try parse(["--time-shift-ms", "-3600000"]).int64("time-shift-ms", default: 0), -3_600_000)
        XCTAssertEqual(try parse([]).int64("time-shift-ms", default: 7), 7)
        assertThrows(.usage("--time-shift-ms must be a whole number, not '1.5'"),
                     try parse(["--time-shift-ms", "1.5"]).int64("time-shift-ms", default: 0))
    }
}
