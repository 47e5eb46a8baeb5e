#if canImport(Glibc)
import Glibc
#endif

/// Progress goes to stderr only when a person is watching: stderr is a terminal and TERM is not "dumb".
public enum Terminal {
    public static var isInteractive: Bool {
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return isatty(2) != 0
    }
}

/// A one-line progress display on stderr, redrawn at most a few times a second; silent when not interactive.
public final class Progress {
    let label: String
    let total: Int
    let enabled: Bool
    var lastDraw: Double = 0
    let started: Double

    public init(label: String, total: Int, enabled: Bool = Terminal.isInteractive) {
        self.label = label; self.total = total; self.enabled = enabled
        started = Progress.now()
    }

    public func update(_ done: Int) {
        guard enabled else { return }
        let t = Progress.now()
        if t - lastDraw < 0.2 && done < total { return }
        lastDraw = t
        let elapsed = t - started
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        ToolMain.printError("\r\(label): \(done)/\(total)  \(Int(rate))/s  ETA \(Int(eta))s   ")
    }

    public func finish() {
        if enabled { ToolMain.printError("\n") }
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
