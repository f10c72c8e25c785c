import Foundation
import Hummingbird
import Logging
import SwapWatchTesting
import Synchronization

/// A web site on 127.0.0.1 for the feeds service to read, served by Hummingbird: feeds and pages
/// with ETags (a matching If-None-Match gets 304), and the ways real servers fail (an error page,
/// a redirect loop, a 503 with Retry-After, a body of 30 MB, an answer that never comes). Every
/// request is recorded.
final class FeedSite: Sendable {
    /// What a path answers.
    enum Route: Sendable {
        /// A document, with an ETag of its content unless `validators` is false.
        case document(Data, contentType: String, validators: Bool = true)
        case redirect(to: String)
        case status(Int, retryAfter: Int? = nil, body: String = "")
        /// `bytes` bytes of XML-ish filler.
        case huge(bytes: Int)
        /// No answer at all (the request hangs until the client gives up).
        case hang
    }

    /// A request as the site saw it.
    struct Request: Sendable {
        var path: String
        var ifNoneMatch: String?
        var userAgent: String?
        var status: Int
    }

    private struct State {
        var routes: [String: Route] = [:]
        var requests: [Request] = []
    }

    private let state = Mutex(State())
    private let server: Task<Void, Error>
    let base: String

    private init(server: Task<Void, Error>, port: Int) { (self.server, self.base) = (server, "http://127.0.0.1:\(port)") }

    /// Starts the site on a free port.
    static func start() async throws -> FeedSite {
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let box = Mutex<FeedSite?>(nil)
        let router = Router()
        router.get("**") { request, _ -> Response in
            guard let site = box.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
            return try await site.answer(request)
        }
        var logger = Logger(label: "feed-site")
        logger.logLevel = .critical  // stopping the site by cancellation is no error
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let server = Task { try await app.run() }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw HarnessError("the feed site did not start") }
        let site = FeedSite(server: server, port: port)
        box.withLock { $0 = site }
        return site
    }

    func stop() { server.cancel() }

    /// The site's address for `path`.
    func url(_ path: String) -> String { base + path }

    func set(_ path: String, _ route: Route) { state.withLock { $0.routes[path] = route } }

    func requests(to path: String) -> [Request] { state.withLock { $0.requests.filter { $0.path == path } } }

    private func answer(_ request: Hummingbird.Request) async throws -> Response {
        let path = request.uri.path
        let route = state.withLock { $0.routes[path] }
        var record = Request(
            path: path, ifNoneMatch: request.headers[.ifNoneMatch], userAgent: request.headers[.userAgent], status: 200)
        defer { state.withLock { $0.requests.append(record) } }
        switch route {
        case .none:
            record.status = 404
            return Response(status: .notFound)
        case .document(let data, let contentType, let validators):
            let etag = "\"\(data.count)-\(data.hashValue)\""
            var headers: HTTPFields = [.contentType: contentType]
            if validators {
                headers[.eTag] = etag
                if record.ifNoneMatch == etag {
                    record.status = 304
                    return Response(status: .notModified, headers: headers)
                }
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        case .redirect(let target):
            record.status = 302
            return Response(status: .found, headers: [.location: target])
        case .status(let code, let retryAfter, let body):
            record.status = code
            var headers: HTTPFields = [.contentType: "text/html"]
            if let retryAfter { headers[.retryAfter] = "\(retryAfter)" }
            return Response(status: .init(code: code), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        case .huge(let bytes):
            let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 1 << 20)
            return Response(
                status: .ok, headers: [.contentType: "application/rss+xml"],
                body: .init { writer in
                    for _ in 0..<(bytes >> 20) { try await writer.write(chunk) }
                    try await writer.finish(nil)
                })
        case .hang:
            try await Task.sleep(for: .seconds(600))
            return Response(status: .ok)
        }
    }
}
