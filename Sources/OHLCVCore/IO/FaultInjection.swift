#if canImport(Glibc)
import Glibc
#endif

/// Debug builds only: `OHLCV_FAULT=kill:OP:N[:STAGE]` makes the process SIGKILL itself just before its Nth
/// OP (write, fsync, rename, truncate, or any), optionally only in the named stage. This is SQLite's
/// "fail the Nth I/O" loop with a kill instead of an error; the crash tests walk N = 1, 2, 3 … until a run
/// completes, so every durable step of every stage is interrupted once.
public enum FaultInjection {
    public enum Operation: String { case write, fsync, rename, truncate }

    #if OHLCV_FAULTS
    nonisolated(unsafe) static var plan: (op: String, remaining: Int)?
    #endif

    /// Called once by `ToolMain` with the running stage's name.
    public static func activate(stage: String) {
        #if OHLCV_FAULTS
        guard let raw = getenv("OHLCV_FAULT") else { return }
        let parts = String(cString: raw).split(separator: ":").map(String.init)
        guard parts.count >= 3, parts[0] == "kill", let n = Int(parts[2]), n > 0 else { return }
        if parts.count == 4 && parts[3] != stage { return }
        plan = (parts[1], n)
        #endif
    }

    @inline(__always)
    public static func checkpoint(_ op: Operation) throws {
        #if OHLCV_FAULTS
        guard var p = plan, p.op == op.rawValue || p.op == "any" else { return }
        p.remaining -= 1
        plan = p
        if p.remaining == 0 { kill(getpid(), SIGKILL) }
        #endif
    }
}
