#if canImport(Glibc)
import Glibc
#endif

/// Lends complete `\n`-terminated lines from a file descriptor through a fixed buffer that it fills,
/// consumes and rolls (ripgrep's LineBuffer shape). Lines are slices valid until the next call.
/// It can start at any byte offset and stop at a byte limit, and it knows each line's absolute offset.
public final class LineReader {
    public let fd: FileDescriptor
    @usableFromInline var buffer: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var start = 0      // first unconsumed byte
    @usableFromInline var end = 0        // one past the last valid byte
    /// Absolute file offset of `buffer[0]`.
    @usableFromInline var bufferOffset: Int64
    @usableFromInline var limit: Int64?
    @usableFromInline var atEOF = false
    public static let maximumLineLength = 1 << 20
    /// 1-based number of the line most recently returned, counted from where reading began.
    public private(set) var lineNumber: Int

    /// `startOffset` is where reading begins; `firstLineNumber` the number of the line found there (1 when
    /// reading from the start).
    public init(fd: FileDescriptor, startOffset: Int64 = 0, limit: Int64? = nil, capacity: Int = 1 << 20,
                firstLineNumber: Int = 1) throws {
        self.fd = fd
        self.capacity = capacity
        self.limit = limit
        self.bufferOffset = startOffset
        self.lineNumber = firstLineNumber - 1
        buffer = .allocate(capacity: capacity)
        if startOffset != 0 { try fd.seek(to: startOffset) }
    }

    deinit { buffer.deallocate() }

    /// Absolute offset of the next line to be returned.
    public var offset: Int64 { bufferOffset + Int64(start) }

    /// The next complete line without its `\n`, or nil at the end. A last line without `\n` is an error:
    /// in our files it means a write was cut short.
    @inline(__always)
    public func nextLine() throws -> UnsafeBufferPointer<UInt8>? {
        while true {
            if start < end, let nl = memchrNewline(buffer + start, end - start) {
                let line = UnsafeBufferPointer(start: buffer + start, count: nl - (buffer + start))
                start += line.count + 1
                lineNumber += 1
                return line
            }
            if atEOF {
                if start < end {
                    throw OHLCVError(.badCSV(.lastLineUnterminated), line: lineNumber + 1)
                }
                return nil
            }
            try fill()
        }
    }

    @usableFromInline
    func fill() throws {
        if start > 0 {
            let pending = end - start
            if pending > 0 { buffer.update(from: buffer + start, count: pending) }
            bufferOffset += Int64(start)
            start = 0
            end = pending
        }
        if end == capacity {
            guard capacity < LineReader.maximumLineLength else {
                throw OHLCVError(.badCSV(.lineTooLong(limit: LineReader.maximumLineLength)), line: lineNumber + 1)
            }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        var want = capacity - end
        if let limit {
            let remaining = limit - (bufferOffset + Int64(end))
            if remaining <= 0 { atEOF = true; return }
            want = min(want, Int(remaining))
        }
        let n = try fd.read(into: buffer + end, count: want)
        if n == 0 { atEOF = true }
        end += n
    }
}

@inlinable @inline(__always)
func memchrNewline(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> UnsafeMutablePointer<UInt8>? {
    guard let r = memchr(p, 10, n) else { return nil }
    return r.assumingMemoryBound(to: UInt8.self)
}
