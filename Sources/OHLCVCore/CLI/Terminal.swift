#if canImport(Glibc)
import Glibc
#endif

/// Progress goes to stderr only when a person is watching: stderr is a terminal and TERM is not "dumb".
///
/// A progress line is drawn with a carriage return and no newline, so whatever comes next must first end or
/// erase it: `printLine` erases it, `endProgressLine` ends it (ToolMain calls that before an ABORT line), and
/// SIGINT/SIGTERM while it is drawn end it before the process exits 130/143, so that the shell's `^C` and
/// prompt do not land on the line. Exiting from the handler is as safe as SIGKILL: every tool writes a temp
/// file and renames it, so no reader ever finds half a file.
public enum Terminal {
    public static var isInteractive: Bool {
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return isatty(2) != 0
    }

    /// Draws `text` as the progress line (over the previous one), leaving the cursor at its end.
    public static func drawProgress(_ text: String) {
        ProgressLine.markOpen()
        ToolMain.printError("\r\u{1B}[K" + text)
    }

    /// Writes `text` and a newline on stderr, erasing the progress line first if one is drawn; the next
    /// `drawProgress` draws it again below.
    public static func printLine(_ text: String) {
        let erase = ProgressLine.close() ? "\r\u{1B}[K" : ""
        ToolMain.printError(erase + text + "\n")
    }

    /// Ends a drawn progress line with a newline, keeping what it says on screen. Nothing when none is drawn.
    public static func endProgressLine() {
        if ProgressLine.close() { ToolMain.printError("\n") }
    }

    /// `23012` → `23,012`.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// A duration for people, to the precision that matters at its size: `45 s`, `4 min 50 s`, `1 h 17 min`.
    public static func duration(seconds: Int) -> String {
        let s = max(0, seconds)
        if s < 60 { return "\(s) s" }
        if s < 3600 { return s % 60 == 0 ? "\(s / 60) min" : "\(s / 60) min \(s % 60) s" }
        let minutes = (s + 30) / 60
        return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min"
    }

    /// `done` of `total` as a whole percentage, rounded down so that 100 % means finished.
    public static func percent(_ done: Int64, of total: Int64) -> Int {
        total <= 0 ? 100 : Int(min(done, total) * 100 / total)
    }
}

/// `1 day`, `23,012 days`.
/// `1 symbol`, `3 symbols`, `1,024 days`; nouns whose plural is the noun itself (`series`) stay as they are.
func plural(_ n: Int, _ noun: String) -> String {
    "\(Terminal.grouped(n)) \(noun)\(n == 1 || noun.hasSuffix("series") ? "" : "s")"
}

/// Whether a progress line is drawn, readable from a signal handler, and the handlers that end it.
enum ProgressLine {
    /// 1 while a progress line is drawn. A plain word that the handler only reads: allocated once, before
    /// any handler is installed, so the handler never runs an initialiser.
    static let flag: UnsafeMutablePointer<sig_atomic_t> = {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()
    nonisolated(unsafe) static var handlersInstalled = false
    private static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let p = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(p, nil)
        return p
    }()

    static func markOpen() {
        pthread_mutex_lock(lock); defer { pthread_mutex_unlock(lock) }
        if !handlersInstalled {
            handlersInstalled = true
            _ = flag.pointee
            for sig in [SIGINT, SIGTERM] {
                // A signal the parent chose to ignore (nohup, a background job) stays ignored.
                let previous = signal(sig, endLineAndExit)
                if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { signal(sig, SIG_IGN) }
            }
        }
        flag.pointee = 1
    }

    /// Marks the line as no longer drawn; true when it was.
    static func close() -> Bool {
        pthread_mutex_lock(lock); defer { pthread_mutex_unlock(lock) }
        let was = flag.pointee != 0
        flag.pointee = 0
        return was
    }
}

/// SIGINT/SIGTERM once progress has been drawn: end the line, exit 128 + signal (130, 143) as a shell
/// reports a process killed by it. Only async-signal-safe calls.
private func endLineAndExit(_ sig: Int32) {
    if ProgressLine.flag.pointee != 0 {
        var newline: UInt8 = 0x0A
        _ = write(2, &newline, 1)
    }
    _exit(128 + sig)
}

/// A one-line progress display on stderr for the pipeline stages (`resample: EUR-USD 1h 45%`), redrawn at
/// most five times a second, and the closing summary line; silent when not interactive.
public final class Progress {
    let stage: String
    let enabled: Bool
    private var lastDraw = -1.0
    private var lastText = ""

    public init(stage: String, enabled: Bool = Terminal.isInteractive) {
        self.stage = stage
        self.enabled = enabled
    }

    /// `subject` (e.g. `EUR-USD 1h`) is `done` of `total` (days, bytes: any unit) through its work.
    public func update(_ subject: String, _ done: Int64, of total: Int64) {
        guard enabled else { return }
        let t = Progress.now()
        if t - lastDraw < 0.2 { return }
        let text = "\(stage): \(subject) \(Terminal.percent(done, of: total))%"
        lastDraw = t
        if text == lastText { return }
        lastText = text
        Terminal.drawProgress(text)
    }

    /// Replaces the progress line by the run's one-line summary (`resample: EUR-USD: 10 timeframes, …`).
    public func finish(_ summary: String) {
        guard enabled else { return }
        Terminal.printLine("\(stage): \(summary)")
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
