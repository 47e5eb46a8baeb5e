import FoundationEssentials

/// One HTTP response, whole.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status; self.headers = headers; self.body = body
    }
}

/// A request that produced no complete response: worth retrying.
public enum TransportFailure: Error, Equatable, CustomStringConvertible {
    case timedOut(seconds: Double)
    case connection(String)
    case truncated(expected: Int, received: Int)

    public var description: String {
        switch self {
        case .timedOut(let s): return "no complete answer within \(formatSeconds(s)) s"
        case .connection(let text): return "connection failed: \(text)"
        case let .truncated(expected, received): return "body truncated: \(received) of \(expected) bytes"
        }
    }
}

/// Anything that can GET a URL: the real `HTTPFetcher` (module OHLCVNetwork), or a scripted one in unit tests.
public protocol HTTPGetting: Sendable {
    func get(_ url: String) throws -> HTTPResponse
    /// Lets requests in flight end and releases the connections; nothing for a scripted one.
    func invalidate()
}

extension HTTPGetting {
    public func invalidate() {}
}

/// Where the stages that talk HTTP (fetch, verify) get their client. The executables that need one set
/// `make` to `HTTPFetcher.init` before running their stage, so that only they link FoundationNetworking:
/// libcurl and its TLS stack cost every other tool about 8 ms of dynamic loading on each start (15 ms
/// against 7 ms for a Foundation-only binary, measured), and an hourly run starts three tools per symbol.
public enum HTTPClients {
    public typealias Make = (_ timeoutSeconds: Double, _ maxConnections: Int, _ ignoreProxyEnvironment: Bool) -> HTTPGetting
    nonisolated(unsafe) public static var make: Make?

    /// A client from `make`; a tool that forgot to set it is a programming error.
    static func client(timeoutSeconds: Double, maxConnections: Int, ignoreProxyEnvironment: Bool) -> HTTPGetting {
        guard let make else { preconditionFailure("HTTPClients.make is set by the tool's main before its stage runs") }
        return make(timeoutSeconds, maxConnections, ignoreProxyEnvironment)
    }
}

func formatSeconds(_ s: Double) -> String {
    if s == s.rounded() { return String(Int(s)) }
    let tenths = Int((s * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}
