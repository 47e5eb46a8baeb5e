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

/// The message of a `.malformedJSON` error, or nil for any other error.
func malformedJSONMessage(_ error: OHLCVError?) -> String? {
    if case .malformedJSON(let message)? = error?.kind { return message }
    return nil
}
