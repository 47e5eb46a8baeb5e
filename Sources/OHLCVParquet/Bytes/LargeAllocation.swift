#if canImport(Glibc)
import Glibc
#endif

/// Allocation for the writer's big buffers (stage, dictionary indices, encoded chunks): from 256 KiB up they
/// are mapped and unmapped directly, so that freeing one gives its memory back to the system at once.
/// Through malloc, the freed blocks of one file's buffers (or of a buffer that grew) would stay resident in
/// the arena of whichever thread freed them, and a Hive run of twenty partitions would hold them all.
/// Every `allocate` must be paired with a `deallocate` of the same capacity.
public enum LargeAllocation {
    static let mappedFrom = 256 << 10

    public static func allocate<T>(_ type: T.Type, capacity: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(1, capacity) * MemoryLayout<T>.stride
        #if canImport(Glibc)
        if bytes >= mappedFrom {
            guard let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                  raw != MAP_FAILED else {
                fatalError("out of memory: mmap of \(bytes) bytes failed")
            }
            return raw.bindMemory(to: T.self, capacity: capacity)
        }
        #endif
        return .allocate(capacity: max(1, capacity))
    }

    public static func deallocate<T>(_ pointer: UnsafeMutablePointer<T>, capacity: Int) {
        let bytes = max(1, capacity) * MemoryLayout<T>.stride
        #if canImport(Glibc)
        if bytes >= mappedFrom {
            munmap(UnsafeMutableRawPointer(pointer), bytes)
            return
        }
        #endif
        pointer.deallocate()
    }
}
