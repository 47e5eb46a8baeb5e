import OHLCVCore
import XCTest

/// Asserts that `body` throws an `OHLCVError` and returns it for further checks.
@discardableResult
func assertOHLCVError<T>(_ body: @autoclosure () throws -> T, _ message: @autoclosure () -> String = "",
                         file: StaticString = #filePath, line: UInt = #line) -> OHLCVError? {
    do {
        let value = try body()
        XCTFail("expected an OHLCVError, got \(value). \(message())", file: file, line: line)
    } catch let error as OHLCVError {
        return error
    } catch {
        XCTFail("expected an OHLCVError, got \(error). \(message())", file: file, line: line)
    }
    return nil
}

/// Asserts that `body` throws an `OHLCVError` of exactly `kind`.
@discardableResult
func assertThrows<T>(_ kind: OHLCVError.Kind, _ body: @autoclosure () throws -> T, _ message: @autoclosure () -> String = "",
                     file: StaticString = #filePath, line: UInt = #line) -> OHLCVError? {
    let error = assertOHLCVError(try body(), message(), file: file, line: line)
    if let error { XCTAssertEqual(error.kind, kind, message(), file: file, line: line) }
    return error
}

/// Asserts that `body` throws an `OHLCVError` whose rendered message is exactly `message`.
@discardableResult
func assertThrows<T>(message: String, _ body: @autoclosure () throws -> T, _ note: @autoclosure () -> String = "",
                     file: StaticString = #filePath, line: UInt = #line) -> OHLCVError? {
    let error = assertOHLCVError(try body(), note(), file: file, line: line)
    if let error { XCTAssertEqual(error.message, message, note(), file: file, line: line) }
    return error
}

/// The rendered problem of a `.malformedJSON` error (its message after "malformed JSON: "), or nil for any
/// other error.
func malformedJSONMessage(_ error: OHLCVError?) -> String? {
    guard let error, case .malformedJSON = error.kind else { return nil }
    return String(error.message.dropFirst("malformed JSON: ".count))
}

/// The rendered problem of a `.badCSV` error (its message after "bad CSV: "), or nil for any other error.
func badCSVMessage(_ error: OHLCVError?) -> String? {
    guard let error, case .badCSV = error.kind else { return nil }
    return String(error.message.dropFirst("bad CSV: ".count))
}
