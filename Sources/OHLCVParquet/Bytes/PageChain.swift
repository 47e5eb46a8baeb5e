/// The encoded pages of one column chunk, held until its row group is written out. A chain of buffers
/// rather than one that doubles: a doubling buffer copies its bytes into one twice as large, so for a
/// moment a chunk of N bytes costs 2N, and the PLAIN columns of a high-cardinality series tend to double
/// in the same stage. Here a full buffer is left as it is and the next page starts a new one; buffers
/// from 256 KiB up are mapped (`LargeAllocation`), so the unused tail of each costs no memory.
final class PageChain {
    /// Capacity of each buffer after the first; a larger page gets a buffer of its own size.
    static let segmentCapacity = 4 << 20
    private let initialCapacity: Int
    private var segments: [ByteBuffer]
    /// Bytes appended since the last `removeAll` or `release`.
    private(set) var count = 0

    init(capacity: Int) {
        initialCapacity = capacity
        segments = [ByteBuffer(capacity: capacity)]
    }

    /// Appends `header` then `body`, in one buffer.
    func append(_ header: ByteBuffer, _ body: ByteBuffer) {
        let n = header.count + body.count
        var last = segments[segments.count - 1]
        if last.capacity - last.count < n {
            last = ByteBuffer(capacity: max(PageChain.segmentCapacity, n))
            segments.append(last)
        }
        last.append(header)
        last.append(body)
        count += n
    }

    /// Hands the bytes to `write` in order, a buffer at a time.
    func forEachSegment(_ write: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        for segment in segments where segment.count > 0 { try write(segment.bytes) }
    }

    /// Forgets the bytes; the first buffer is kept for the next chunk, the others given back.
    func removeAll() {
        segments.removeSubrange(1...)
        segments[0].removeAll()
        count = 0
    }

    /// Forgets the bytes and gives back all but `keep` bytes of storage.
    func release(keeping keep: Int) {
        removeAll()
        segments[0].release(keeping: keep)
    }
}
