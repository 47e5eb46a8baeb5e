#if canImport(Glibc)
import Glibc
#endif

/// What a batch run did, for the progress line, the closing summary and the change report. Thread-safe.
public final class FetchReport: @unchecked Sendable {
    public private(set) var symbols = 0
    public private(set) var planned = 0
    public private(set) var done = 0
    public private(set) var cached = 0
    public private(set) var growingWritten = 0
    public private(set) var growingUnchanged = 0
    public private(set) var recheckedUnchanged = 0
    public private(set) var changed: [String] = []
    public private(set) var notes: [String] = []
    /// Days held back by this run (see `DayRevision`).
    public private(set) var heldBack: [String] = []
    public private(set) var recheckedHeldBack = 0
    /// Held-back answers waiting for `make accept-held` at the end of the run, this run's and older ones.
    public private(set) var heldWaiting = 0
    public private(set) var failed = 0
    private var lock = pthread_mutex_t()
    private let started = RateLimiter.monotonicSeconds()
    private var lastDraw = 0.0
    private var currentSymbol = ""
    let interactive: Bool

    public init(interactive: Bool = Terminal.isInteractive) {
        self.interactive = interactive
        pthread_mutex_init(&lock, nil)
    }

    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&lock); defer { pthread_mutex_unlock(&lock) }
        return body()
    }

    func plan(symbols: Int, jobs: Int) { locked { self.symbols = symbols; planned += jobs } }
    func addPlanned(_ n: Int) { locked { planned += n } }
    func cachedDay() { locked { cached += 1 } }
    func growing(written: Bool) { locked { if written { growingWritten += 1 } else { growingUnchanged += 1 } } }
    func recheckUnchanged() { locked { recheckedUnchanged += 1 } }
    func failure() { locked { failed += 1 } }

    func held(waiting: Int) { locked { heldWaiting = waiting } }

    /// One line on stdout per replaced day: `EUR-USD 2026-07-08: 3 changed, 0 added, 0 removed; replaced`.
    func dayChanged(_ line: String) {
        locked { changed.append(line) }
        ToolMain.printOut(line + "\n")
    }

    /// A day kept back because the answer would remove candles: on stderr, prefixed `fetch: HELD BACK: ` so
    /// that a cron log can be grepped for it. The run still exits 0: the data on disk is intact.
    func holdBack(_ line: String, rechecked: Bool) {
        locked { heldBack.append(line); if rechecked { recheckedHeldBack += 1 } }
        ToolMain.printError((interactive ? "\r\u{1B}[K" : "") + "fetch: HELD BACK: " + line + "\n")
    }

    /// A warning on stderr that does not stop the run (suspicious empty day, day not published yet).
    func note(_ line: String) {
        locked { notes.append(line) }
        ToolMain.printError((interactive ? "\r\u{1B}[K" : "") + "fetch: " + line + "\n")
    }

    func finished(job symbol: String, requests: Int) {
        let line: String? = locked {
            done += 1
            currentSymbol = symbol
            guard interactive else { return nil }
            let t = RateLimiter.monotonicSeconds()
            if t - lastDraw < 0.2 && done < planned { return nil }
            lastDraw = t
            let elapsed = max(t - started, 0.001)
            let perDay = Double(done) / elapsed
            let eta = perDay > 0 ? Double(planned - done) / perDay : 0
            return "\r\u{1B}[Kfetch: \(symbol)  \(done)/\(planned) days  \(oneDecimal(Double(requests) / elapsed)) req/s  ETA \(Int(eta.rounded())) s"
        }
        if let line { ToolMain.printError(line) }
    }

    /// `fetch: 2 symbols, 730 days fetched, 2 growing days updated, 0 failed, 740 requests (3 retries), 5.0 req/s, 148.2 s`
    func summary(requests: Int, retries: Int) -> String {
        locked {
            let elapsed = max(RateLimiter.monotonicSeconds() - started, 0.001)
            var parts = ["\(symbols) symbol\(symbols == 1 ? "" : "s")", "\(cached) day\(cached == 1 ? "" : "s") fetched"]
            parts.append("\(growingWritten) growing day\(growingWritten == 1 ? "" : "s") updated (\(growingUnchanged) unchanged)")
            if recheckedUnchanged > 0 || !changed.isEmpty || recheckedHeldBack > 0 {
                let held = recheckedHeldBack > 0 ? ", \(recheckedHeldBack) held back" : ""
                parts.append("\(changed.count) rechecked day\(changed.count == 1 ? "" : "s") changed (\(recheckedUnchanged) unchanged\(held))")
            }
            if heldWaiting > 0 {
                parts.append("\(heldWaiting) held-back day\(heldWaiting == 1 ? "" : "s") awaiting `make accept-held`")
            }
            parts.append("\(failed) failed")
            parts.append("\(requests) requests (\(retries) retries)")
            parts.append("\(oneDecimal(Double(requests) / elapsed)) req/s")
            parts.append("\(oneDecimal(elapsed)) s")
            return (interactive ? "\r\u{1B}[K" : "") + "fetch: " + parts.joined(separator: ", ")
        }
    }
}

func oneDecimal(_ x: Double) -> String {
    let tenths = Int((x * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}
