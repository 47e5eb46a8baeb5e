#if canImport(Glibc)
import Glibc
#endif

/// Debug builds only: `OHLCV_FAULT=kill:OP:N` makes the process SIGKILL itself just before its Nth OP
/// (write, fsync, rename, truncate, any). This is SQLite's "fail the Nth I/O" loop with a kill instead of an
/// error, and it lets the crash tests hit every durable step deterministically.
public enum FaultInjection {
    public enum Operation: String { case write, fsync, rename, truncate }

    #if OHLCV_FAULTS
    nonisolated(unsafe) static var plan: (op: String, remaining: Int)? = {
        guard let raw = getenv("OHLCV_FAULT") else { return nil }
        let parts = String(cString: raw).split(separator: ":")
        guard parts.count == 3, parts[0] == "kill", let n = Int(parts[2]), n > 0 else { return nil }
        return (String(parts[1]), n)
    }()
    #endif

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
