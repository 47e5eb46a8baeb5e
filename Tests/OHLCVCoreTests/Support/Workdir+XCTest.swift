import Foundation
import OHLCVTestSupport
import XCTest

extension Workdir {
    /// A fresh `Workdir` named after the test function. Unit tests make hundreds, so this one is removed when
    /// the test passes and kept, with its path printed, when it fails.
    convenience init(for test: XCTestCase, function: String = #function) {
        self.init(function)
        let path = self.path
        test.addTeardownBlock { [weak test, self] in
            if let run = test?.testRun, run.totalFailureCount > 0 {
                print("kept the test directory \(path)")
            } else {
                self.discard()
                // The per-test folder above it holds only this run's directories: drop it once empty.
                _ = rmdir((path as NSString).deletingLastPathComponent)
            }
        }
    }
}
