/// Binary search over a sorted CSV file by time, with pread: finds where rows at or after a time begin
/// without reading the file from the start.
public enum CandleCSVSeek {
    /// Offset of the first row whose time is ≥ `time`, searching rows in `[lower, upper)`; `lower` must be a
    /// row start (or the header end) and `upper` a row end. Returns `upper` when every row is earlier.
    public static func firstRow(atOrAfter time: Int64, in fd: FileDescriptor, lower: Int64, upper: Int64) throws -> Int64 {
        // Invariant: every row starting before `lo` is earlier than `time`; the answer is a row start in [lo, hi].
        var lo = lower, hi = upper
        var window = [UInt8](repeating: 0, count: 4096)
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            let row = try nextRowStart(from: mid, lower: lo, fd: fd, upper: hi, window: &window)
            if row >= hi {
                // No row starts in [mid, hi): step forward from lo instead.
                if try rowTime(at: lo, fd: fd, window: &window) >= time { return lo }
                lo = try nextRowStart(from: lo + 1, lower: lo, fd: fd, upper: hi, window: &window)
            } else if try rowTime(at: row, fd: fd, window: &window) >= time {
                hi = row
            } else {
                lo = try nextRowStart(from: row + 1, lower: row, fd: fd, upper: hi, window: &window)
            }
        }
        return lo
    }

    /// The byte offset a rewind plan names: as given, or found by `firstRow(atOrAfter:in:lower:upper:)`.
    public static func resolve(_ offset: RewindPlan.Offset, in fd: FileDescriptor) throws -> Int64 {
        switch offset {
        case .at(let known): return known
        case let .firstRow(time, lower, upper): return try firstRow(atOrAfter: time, in: fd, lower: lower, upper: upper)
        }
    }

    /// The smallest row start ≥ `position` (a row starts after a newline, or at `lower`), at most `upper`;
    /// `window` is scratch space for the reads (4 KiB is plenty).
    public static func nextRowStart(from position: Int64, lower: Int64, fd: FileDescriptor, upper: Int64,
                             window: inout [UInt8]) throws -> Int64 {
        if position <= lower { return lower }
        var at = position - 1                      // the byte before a row start must be '\n'
        while at < upper {
            let want = Int(min(Int64(window.count), upper - at))
            let n = try window.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: want, at: at) }
            if n <= 0 { return upper }
            for i in 0..<n where window[i] == ASCII.newline { return at + Int64(i) + 1 }
            at += Int64(n)
        }
        return upper
    }

    static func rowTime(at offset: Int64, fd: FileDescriptor, window: inout [UInt8]) throws -> Int64 {
        let n = try window.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: TimestampText.length, at: offset) }
        guard n == TimestampText.length, let t = window.withUnsafeBufferPointer({ TimestampText.parse($0.baseAddress!) }) else {
            throw OHLCVError(.badCSV(.noTimestampAtRowStart), byteOffset: offset)
        }
        return t
    }

    /// The complete row that ends just before `offset` (offset must be a row start), or nil if there is none
    /// after `lower`.
    public static func rowBefore(_ offset: Int64, in fd: FileDescriptor, lower: Int64) throws -> (offset: Int64, bytes: [UInt8])? {
        if offset <= lower { return nil }
        let span = min(offset - lower, 4096)
        var window = [UInt8](repeating: 0, count: Int(span))
        let n = try window.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: Int(span), at: offset - span) }
        guard n == Int(span), window.last == ASCII.newline else {
            throw OHLCVError(.badCSV(.notAtRowStart(offset: offset)), byteOffset: offset)
        }
        var start = Int(span) - 1
        while start > 0 && window[start - 1] != ASCII.newline { start -= 1 }
        if start == 0 && offset - span > lower {
            throw OHLCVError(.badCSV(.rowTooLong(limit: 4096)), byteOffset: offset - span)
        }
        return (offset - span + Int64(start), Array(window[start..<(Int(span) - 1)]))
    }

    /// The rows of `[after, until)` of a seekable CSV file, as a byte range of whole rows found by binary
    /// search (the header checked first); nil bounds mean the first row and the end of the file.
    public static func rows(after: Int64?, until: Int64?, in fd: FileDescriptor, scale: Int) throws -> Range<Int64> {
        let size = try fd.size()
        try checkHeader(fd, size: size, scale: scale)
        let lower = CandleCSVFormat.headerLength
        let start = try after.map { try firstRow(atOrAfter: $0, in: fd, lower: lower, upper: size) } ?? lower
        let end = try until.map { try firstRow(atOrAfter: $0, in: fd, lower: start, upper: size) } ?? size
        return start..<end
    }

    /// Checks the header with one pread; a bad one is reported by the reader, which names what it found.
    public static func checkHeader(_ fd: FileDescriptor, size: Int64, scale: Int) throws {
        var bytes = [UInt8](repeating: 0, count: CandleCSVFormat.headerBytes.count)
        let n = try bytes.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: $0.count, at: 0) }
        if n != bytes.count || bytes != CandleCSVFormat.headerBytes {
            // The reader refuses an empty file itself, at line 1.
            _ = try CandleCSVReader(fd: fd, scale: scale, startOffset: 0, limit: min(size, 4096))
            throw OHLCVError(.badCSV(.unterminatedHeader), line: 1)
        }
    }
}
