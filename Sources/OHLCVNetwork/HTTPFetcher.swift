import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OHLCVCore

/// Blocking GETs over URLSession (libcurl underneath, from FoundationNetworking).
///
/// Why URLSession and not a socket client of our own: the default base is HTTPS, and TLS is not something to
/// hand-roll. URLSession is configured to be boring and predictable: no cache, no cookies, no redirects
/// followed, and a whole-request deadline. libcurl reads proxies from the environment (`http_proxy`, …)
/// whatever the session configuration says; for a loopback base (`ignoreProxyEnvironment`) those variables
/// are removed from the process first, so a test or demo can only ever talk to 127.0.0.1. For the real API
/// the user's proxy settings apply. Each worker thread blocks on its own request; the session keeps up to
/// `maxConnections` keep-alive connections.
public final class HTTPFetcher: NSObject, HTTPGetting, URLSessionTaskDelegate, @unchecked Sendable {
    public static let userAgent = "ohlcv-fetch/\(ToolMain.version) (+https://github.com/ohlcv/ohlcv; local history builder)"
    public let timeoutSeconds: Double
    private var session: URLSession!

    public init(timeoutSeconds: Double, maxConnections: Int, ignoreProxyEnvironment: Bool = false) {
        self.timeoutSeconds = timeoutSeconds
        super.init()
        if ignoreProxyEnvironment {
            for name in ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] {
                unsetenv(name)
            }
        }
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeoutSeconds
        config.timeoutIntervalForResource = timeoutSeconds
        config.httpMaximumConnectionsPerHost = max(1, maxConnections)
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        config.urlCache = nil
        config.httpCookieStorage = nil
        config.httpShouldSetCookies = false
        config.connectionProxyDictionary = [:]
        config.httpAdditionalHeaders = [
            "User-Agent": HTTPFetcher.userAgent,
            "Referer": "https://www.dukascopy.com/",
            "Origin": "https://www.dukascopy.com",
            "Accept": "application/json",
        ]
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        session = URLSession(configuration: config, delegate: self, delegateQueue: queue)
    }

    public func invalidate() { session.finishTasksAndInvalidate() }

    public func get(_ url: String) throws -> HTTPResponse {
        guard let u = URL(string: url) else { throw OHLCVError(.usage("not a valid URL: \(url)")) }
        var request = URLRequest(url: u, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeoutSeconds)
        request.httpMethod = "GET"
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        let task = session.dataTask(with: request) { data, response, error in
            box.data = data; box.response = response; box.error = error
            done.signal()
        }
        task.resume()
        // URLSession's own timers are per-inactivity on some platforms; this deadline bounds the whole request.
        if done.wait(timeout: .now() + timeoutSeconds + 1) == .timedOut {
            task.cancel()
            _ = done.wait(timeout: .now() + 5)
            throw TransportFailure.timedOut(seconds: timeoutSeconds)
        }
        if let error = box.error {
            let ns = error as NSError
            if ns.domain == NSURLErrorDomain && ns.code == NSURLErrorTimedOut { throw TransportFailure.timedOut(seconds: timeoutSeconds) }
            if ns.domain == NSURLErrorDomain && ns.code == NSURLErrorCancelled { throw TransportFailure.timedOut(seconds: timeoutSeconds) }
            throw TransportFailure.connection(ns.localizedDescription + " (\(ns.domain) \(ns.code))")
        }
        guard let http = box.response as? HTTPURLResponse else { throw TransportFailure.connection("no HTTP response") }
        var headers: [String: String] = [:]
        for (k, v) in http.allHeaderFields {
            if let k = k as? String, let v = v as? String { headers[k.lowercased()] = v }
        }
        let body = box.data.map { [UInt8]($0) } ?? []
        if let lengthText = headers["content-length"], let expected = Int(lengthText), expected != body.count,
           headers["content-encoding"] == nil {
            throw TransportFailure.truncated(expected: expected, received: body.count)
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: body)
    }

    // Never follow a redirect: an answer of 3xx is reported as what it is.
    public func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                           newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    private final class ResultBox: @unchecked Sendable {
        var data: Data?
        var response: URLResponse?
        var error: Error?
    }
}

