#if canImport(Glibc)
import Glibc
#endif

/// Allocation for the big per-row-group arrays (tens of MB, touched once each row group): aligned to
/// 2 MiB and advised as huge pages, so the kernel maps them in 2 MiB faults instead of 4 KiB ones.
/// Only an optimisation: where huge pages are off, the memory is ordinary.
public enum LargeAllocation {
    static let hugePage = 2 << 20

    public static func allocate<T>(_ type: T.Type, capacity: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(1, capacity) * MemoryLayout<T>.stride
        if bytes < 2 * hugePage {
            return .allocate(capacity: max(1, capacity))
        }
        let rounded = (bytes + hugePage - 1) / hugePage * hugePage
        let raw = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: hugePage)
        #if canImport(Glibc)
        _ = madvise(raw, rounded, MADV_HUGEPAGE)
        #endif
        return raw.bindMemory(to: T.self, capacity: capacity)
    }
}
