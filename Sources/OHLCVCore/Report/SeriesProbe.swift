/// Cheap looks at a series CSV (header line, then one candle per line): its first and last rows without reading
/// what lies between, and its row count by a byte scan. Memory is a 64 KiB buffer whatever the file's size.
public enum SeriesProbe {
    static let chunk = 1 << 16

    /// Data rows (lines after the header); nil when the file does not exist.
    public static func rowCount(_ path: String) throws -> Int? {
        guard FileSystem.exists(path) else { return nil }
        return try withErrorContext(file: path) {
            let fd = try FileDescriptor.open(path, .readOnly)
            defer { fd.close() }
            var lines = 0
            var lastByte: UInt8 = 10
            var buffer = [UInt8](repeating: 0, count: chunk)
            while true {
                let n = try buffer.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: $0.count) }
                if n == 0 { break }
                buffer.withUnsafeBufferPointer { p in
                    for i in 0..<n where p[i] == 10 { lines += 1 }
                }
                lastByte = buffer[n - 1]
            }
            if lastByte != 10 { lines += 1 }   // a last line without its newline is still a line
            return max(0, lines - 1)
        }
    }

    /// The first data row (line 2). Nil when the file is absent or has no data row.
    public static func firstRow(_ path: String) throws -> String? {
        guard FileSystem.exists(path) else { return nil }
        return try withErrorContext(file: path) {
            let fd = try FileDescriptor.open(path, .readOnly)
            defer { fd.close() }
            var text: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while text.count < chunk {
                let n = try buffer.withUnsafeMutableBytes { try fd.read(into: $0.baseAddress!, count: $0.count) }
                if n == 0 { break }
                text += buffer[0..<n]
                if text.filter({ $0 == 10 }).count >= 2 { break }
            }
            let lines = text.split(separator: 10, omittingEmptySubsequences: false)
            guard lines.count >= 2, !lines[1].isEmpty else { return nil }
            return String(decoding: lines[1], as: UTF8.self)
        }
    }

    /// The last `count` data rows, oldest first, read backwards from the end (the header is never returned).
    public static func lastRows(_ path: String, count: Int) throws -> [String] {
        guard FileSystem.exists(path), count > 0 else { return [] }
        return try withErrorContext(file: path) {
            let fd = try FileDescriptor.open(path, .readOnly)
            defer { fd.close() }
            let size = try fd.size()
            var end = size
            var tail: [UInt8] = []
            // count + 2 newlines: the rows wanted, the one ending the line before them, and a trailing one.
            while end > 0 && tail.filter({ $0 == 10 }).count < count + 2 {
                let start = max(0, end - Int64(chunk))
                var buffer = [UInt8](repeating: 0, count: Int(end - start))
                var got = 0
                while got < buffer.count {
                    let n = try buffer.withUnsafeMutableBytes {
                        try fd.read(into: $0.baseAddress! + got, count: $0.count - got, at: start + Int64(got))
                    }
                    if n == 0 { break }
                    got += n
                }
                tail = Array(buffer[0..<got]) + tail
                end = start
            }
            var lines = tail.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            if lines.last == "" { lines.removeLast() }
            if end == 0, !lines.isEmpty { lines.removeFirst() }          // the header
            else if end > 0, !lines.isEmpty { lines.removeFirst() }      // a line cut by the chunk boundary
            return Array(lines.suffix(count))
        }
    }
}
