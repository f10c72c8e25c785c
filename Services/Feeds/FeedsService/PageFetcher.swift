import AsyncHTTPClient
import FeedReading
import Foundation
import NIOCore

/// Fetches feeds and article pages over HTTP(S) with AsyncHTTPClient, the way a polite feed reader
/// does: conditional requests (ETag, Last-Modified), redirects followed (at most five, no cycles),
/// gzip and deflate decoded, one deadline per request, a cap on the body, and a User-Agent that
/// names SwapWatch.
public final class PageFetcher: Sendable {
    public static let userAgent = "SwapWatch/1.0 (prisoner-exchange news watcher; swapwatch-feeds)"

    let client: HTTPClient
    let timeout: Duration
    let maximumBytes: Int

    public init(timeout: Duration, maximumBytes: Int) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(Int64(timeout.components.seconds)))
        configuration.decompression = .enabled(limit: .size(maximumBytes))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        (self.timeout, self.maximumBytes) = (timeout, maximumBytes)
    }

    /// What a GET brought back.
    public struct Response: Sendable {
        public var status: Int
        public var body: Data
        public var etag: String?
        public var lastModified: String?
        /// The `charset` of the Content-Type, if the server named one.
        public var charset: String?
        public var contentType: String?
        /// How long the server asked to wait (`Retry-After`, seconds or an HTTP date).
        public var retryAfter: Duration?
        /// Where the content came from after redirects.
        public var url: URL
    }

    /// GETs `url`, conditionally when `etag` or `lastModified` are given (a 304 has an empty body).
    /// - Throws: ``FetchError`` for anything that is not an HTTP response within the limits.
    public func get(_ url: URL, etag: String? = nil, lastModified: String? = nil, accept: String = "*/*") async throws(FetchError) -> Response {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        request.headers.add(name: "Accept", value: accept)
        request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
        if let etag { request.headers.add(name: "If-None-Match", value: etag) }
        if let lastModified { request.headers.add(name: "If-Modified-Since", value: lastModified) }
        do {
            let response = try await client.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
            let body = try await response.body.collect(upTo: maximumBytes)
            let contentType = response.headers.first(name: "Content-Type")
            return Response(
                status: Int(response.status.code), body: Data(body.readableBytesView), etag: response.headers.first(name: "ETag"),
                lastModified: response.headers.first(name: "Last-Modified"), charset: contentType.flatMap(Self.charset(ofContentType:)),
                contentType: contentType, retryAfter: response.headers.first(name: "Retry-After").flatMap(Self.retryAfter), url: response.url ?? url)
        } catch let error as NIOTooManyBytesError {
            _ = error
            throw FetchError("the response is over the limit of \(maximumBytes) bytes")
        } catch let error as HTTPClientError {
            throw FetchError(Self.describe(error))
        } catch {
            throw FetchError("\(error)")
        }
    }

    public func shutdown() async throws { try await client.shutdown() }

    static func describe(_ error: HTTPClientError) -> String {
        switch error {
        case .redirectCycleDetected: "a redirect loop"
        case .redirectLimitReached: "more than 5 redirects"
        case .deadlineExceeded, .readTimeout: "no complete answer in time (timeout)"
        case .connectTimeout: "could not connect in time"
        case .remoteConnectionClosed: "the server closed the connection"
        default: "\(error)"
        }
    }

    /// `text/html; charset=windows-1251` → `windows-1251`.
    static func charset(ofContentType value: String) -> String? {
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "charset" {
                let charset = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                return charset.isEmpty ? nil : charset
            }
        }
        return nil
    }

    /// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT`.
    static func retryAfter(_ value: String) -> Duration? {
        if let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 { return .seconds(seconds) }
        return FeedDate.date(value).map { .seconds(max(0, Int($0.timeIntervalSinceNow))) }
    }
}

/// A fetch that brought back no usable HTTP response.
public struct FetchError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
