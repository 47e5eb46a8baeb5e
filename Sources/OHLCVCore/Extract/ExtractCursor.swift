/// The selected candles of one series CSV, in time order, each with its row text: the rows of `[after, until)`,
/// less the file's last candle with `skipOpen`. On a seekable file only the byte range of the selection is
/// read (binary search, `CandleCSVSeek`); on a pipe rows stream by until the first one past `until`.
///
/// With `skipOpen` one row is read ahead, so a row's bytes are copied: the cursor owns two buffers and a row
/// returned by `next()` stays valid until the call after next. Memory is constant: two rows.
final class ExtractCursor {
    let reader: CandleCSVReader
    let selection: ExtractSelection
    /// For error messages: the path, or `<stdin>`.
    let display: String
    /// Reading ends at the end of the file (not at `until` or at the end of the searched byte range), so the
    /// last row read is the file's last.
    private var endIsFileEnd = true
    private let buffers: [UnsafeMutablePointer<UInt8>]
    private var flip = 0
    private var held: Row?

    struct Row {
        var candle: Candle
        /// The row's text without its newline, in one of the cursor's buffers.
        var bytes: UnsafeBufferPointer<UInt8>
    }

    init(path: String, fd: FileDescriptor, selection: ExtractSelection, scale: Int) throws {
        self.selection = selection
        display = InputSource.displayName(path)
        (reader, endIsFileEnd) = try withErrorContext(file: InputSource.displayName(path)) {
            try ExtractCursor.reader(path: path, fd: fd, selection: selection, scale: scale)
        }
        buffers = [.allocate(capacity: LineReader.maximumLineLength), .allocate(capacity: LineReader.maximumLineLength)]
    }

    deinit { buffers.forEach { $0.deallocate() } }

    /// A reader of the rows `selection` may keep: on a seekable file only the byte range of `[after, until)`
    /// (binary search), otherwise the whole stream. `endIsFileEnd`: the range ends where the file does.
    static func reader(path: String, fd: FileDescriptor, selection: ExtractSelection, scale: Int) throws
        -> (reader: CandleCSVReader, endIsFileEnd: Bool) {
        guard InputSource.isSeekable(path, fd) else { return (try CandleCSVReader(fd: fd, scale: scale), true) }
        let bytes = try CandleCSVSeek.rows(after: selection.after, until: selection.until, in: fd, scale: scale)
        let first = bytes.lowerBound == CandleCSVFormat.headerLength
        return (try CandleCSVReader(fd: fd, scale: scale, startOffset: first ? 0 : bytes.lowerBound, limit: bytes.upperBound),
                bytes.upperBound == (try fd.size()))
    }

    /// The next selected candle, or nil when there is none. Errors name the file and the line (or the byte
    /// offset when reading began mid-file).
    func next() throws -> Row? {
        try withErrorContext(file: display) {
            guard selection.skipOpen else { return try readSelected() }
            if held == nil { held = try readSelected() }
            guard let row = held else { return nil }
            held = try readSelected()
            if held == nil && !selection.keepsHeldRow(readToFileEnd: endIsFileEnd) { return nil }
            return row
        }
    }

    private func readSelected() throws -> Row? {
        while let c = try reader.next() {
            switch selection.step(c.time) {
            case .skip: continue
            case .stop: endIsFileEnd = false; return nil
            case .keep:
                let buffer = buffers[flip]
                flip ^= 1
                let row = reader.rowBytes
                buffer.update(from: row.baseAddress!, count: row.count)
                return Row(candle: c, bytes: UnsafeBufferPointer(start: buffer, count: row.count))
            }
        }
        return nil
    }
}
