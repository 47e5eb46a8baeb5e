import XCTest
@testable import OHLCVCore

final class MakeSettingsFileTests: XCTestCase {
    func testAssignmentsAndTheirLines() throws {
        let text = "# mine\n\nSTART_DATE = 2020-01-01\nexport RATE ?= 3\nTIMEFRAMES := 5m \\\n  1h\nDECIMALS+=1\nTIMEFRAMES = 1h\n"
        let file = try MakeSettingsFile(parsing: text, path: "config.mk")
        XCTAssertEqual(file.assignments.map(\.name), ["START_DATE", "RATE", "TIMEFRAMES", "DECIMALS", "TIMEFRAMES"])
        XCTAssertEqual(file.line(of: "TIMEFRAMES"), 8, "make keeps the last assignment")
        XCTAssertEqual(file.line(of: "RATE"), 4)
        XCTAssertNil(file.line(of: "LOCK_WAIT"))
    }

    func testALineThatIsNoAssignmentNamesItsLine() {
        XCTAssertThrowsError(try MakeSettingsFile(parsing: "DECIMALS = 8\nplease use utc\n", path: "config.mk")) { error in
            let e = error as! OHLCVError
            XCTAssertEqual([e.file, e.line.map(String.init)], ["config.mk", "2"])
        }
    }

    func testUnknownNamesAreRefusedAndPerSymbolNamesAccepted() throws {
        let known = MakeSettingsFile.definedSettings(inMakefile: "CACHE_DIR ?= cache\nRATE    ?= 5\nX := 1\nY = 2\n")
        XCTAssertEqual(known, ["CACHE_DIR", "RATE"])
        try MakeSettingsFile(parsing: "RATE = 2\nTIMEFRAMES_EURUSD = 5m\nDECIMALS_EUR/USD = 3\nALIGNMENT_BTC-USD = utc\n", path: "c")
            .checkNames(known: known)
        XCTAssertThrowsError(try MakeSettingsFile(parsing: "RATE = 2\nTIMEFRAME = 5m\n", path: "c").checkNames(known: known)) { error in
            let e = error as! OHLCVError
            XCTAssertEqual(e.line, 2)
            XCTAssertTrue(e.message.contains("unknown setting 'TIMEFRAME'"), e.message)
        }
    }

    func testATypoOnTheCommandLineIsRefusedWithTheNearestSetting() throws {
        let known: Set<String> = ["START_DATE", "TIMEFRAMES", "RATE", "CACHE_DIR"]
        try MakeSettingsFile.checkCommandLine(["START_DATE", "SYMBOL", "DAY", "NO_BUILD", "TIMEFRAMES_EURUSD"], known: known)
        for (typo, nearest) in [("STARTDATE", "START_DATE"), ("TIMEFRAME", "TIMEFRAMES"), ("RATES", "RATE")] {
            XCTAssertThrowsError(try MakeSettingsFile.checkCommandLine([typo], known: known), typo) { error in
                let e = error as! OHLCVError
                XCTAssertTrue(e.message.contains("unknown setting '\(typo)' on the command line; did you mean \(nearest)?"), e.message)
                XCTAssertEqual(ExitStatus.code(for: e.kind), ExitStatus.config)
            }
        }
        XCTAssertThrowsError(try MakeSettingsFile.checkCommandLine(["COLOUR"], known: known)) { error in
            XCTAssertFalse((error as! OHLCVError).message.contains("did you mean"), "no near name, no guess")
        }
    }

    func testARetiredSettingSaysWhatReplacedIt() throws {
        let known: Set<String> = ["EXTRACT_TIMEFRAMES", "FORMAT"]
        XCTAssertThrowsError(try MakeSettingsFile.checkCommandLine(["EXTRACT_SYMBOLS"], known: known)) { error in
            let e = error as! OHLCVError
            XCTAssertTrue(e.message.contains("unknown setting 'EXTRACT_SYMBOLS' on the command line; it was retired: "
                                             + "make csv extracts the symbols chosen with SYMBOL="), e.message)
            XCTAssertEqual(ExitStatus.code(for: e.kind), ExitStatus.config)
        }
        XCTAssertThrowsError(try MakeSettingsFile(parsing: "FORMAT = mt4\nEXTRACT_SYMBOLS = EURUSD\n", path: "c").checkNames(known: known)) { error in
            let e = error as! OHLCVError
            XCTAssertEqual(e.line, 2)
            XCTAssertTrue(e.message.contains("it was retired"), e.message)
        }
    }
}
