import Foundation
import HTTPTypes
import Hummingbird
import SwapWatchMessages

/// The web service's HTTP routes: pages, Atom feeds, the JSON API and the event stream. They read
/// exchanges from an ``ExchangeSource`` (the claim store) and alerts from the ``AlertArchive``, so
/// they can be tested without a stack.
public struct WebRoutes: Sendable {
    let source: any ExchangeSource
    let archive: AlertArchive
    let broadcast: AlertBroadcast
    let pages: Pages
    /// The pages' public address; `nil` takes it from each request's Host.
    let publicURL: String?

    /// Alerts on a page, and in an Atom feed.
    static let pageAlerts = 100
    static let feedAlerts = 50
    /// The most alerts one `/api/alerts` answer holds.
    static let apiAlertLimit = 1000

    public init(source: any ExchangeSource, archive: AlertArchive, broadcast: AlertBroadcast, pages: Pages, publicURL: String? = nil) {
        (self.source, self.archive, self.broadcast, self.pages, self.publicURL) = (source, archive, broadcast, pages, publicURL)
    }

    /// A router with every route.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityHeaders())
        router.get("/") { _, _ in try await index() }
        router.get("/exchanges/:id") { _, context in try await exchange(try context.parameters.require("id")) }
        router.get("/alerts") { _, _ in html(pages.alerts(try await archive.latestAlerts(limit: Self.pageAlerts))) }
        router.get("/alerts.atom") { request, _ in try await atom(request, exchangeID: nil) }
        router.get("/exchanges/:id/alerts.atom") { request, context in try await atom(request, exchangeID: try context.parameters.require("id")) }
        router.get("/events") { request, _ in try await events(request) }
        router.get("/api/exchanges") { _, _ in try await apiExchanges() }
        router.get("/api/exchanges/:id/history") { _, context in try await apiHistory(try context.parameters.require("id")) }
        router.get("/api/alerts") { request, _ in try await apiAlerts(request) }
        return router
    }

    // MARK: Pages

    func index() async throws -> Response {
        let alerts = try await archive.latestAlerts(limit: 10)
        do {
            return html(pages.index(exchanges: try await source.exchanges(), alerts: alerts))
        } catch {
            return storeUnavailable(error)
        }
    }

    func exchange(_ id: String) async throws -> Response {
        let history: HistoryReply?
        do { history = try await Self.isExchangeID(id) ? source.history(of: id) : nil } catch { return storeUnavailable(error) }
        guard let history else {
            return html(pages.problem(title: "No such exchange", message: "SwapWatch knows no exchange with the id “\(id)”."), status: .notFound)
        }
        return html(pages.exchange(history, alerts: try await archive.latestAlerts(exchangeID: id, limit: Self.pageAlerts)))
    }

    /// A page for a store that gave no answer to show: try again later, unless it refused the request.
    func storeUnavailable(_ error: StoreQueryError) -> Response {
        if case .refused(let reason) = error {
            return html(pages.problem(title: "The claim store refused the request", message: reason), status: .badRequest)
        }
        return html(
            pages.problem(title: "The claim store does not answer", message: "Try again in a moment. (\(error))"), status: .serviceUnavailable,
            headers: [.retryAfter: "5"])
    }

    /// Whether `id` can be an exchange's (`<parties>-<kind>-<n>`: letters, digits, `-` and `_`, at
    /// most 200 bytes); anything else is known to be no exchange without asking the store.
    static func isExchangeID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 200 && id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    }

    func html(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: Atom

    func atom(_ request: Request, exchangeID: String?) async throws -> Response {
        let alerts = try await archive.latestAlerts(exchangeID: exchangeID, limit: Self.feedAlerts)
        // An exchange without alerts has an empty feed; an id that is no exchange has none.
        if let exchangeID, alerts.isEmpty, (try? await Self.isExchangeID(exchangeID) ? source.history(of: exchangeID) : nil) == .some(nil) {
            return html(
                pages.problem(title: "No such exchange", message: "SwapWatch knows no exchange with the id “\(exchangeID)”."), status: .notFound)
        }
        let base = baseURL(request)
        let feed: AtomFeed
        if let exchangeID {
            let path = "/exchanges/\(Pages.pathComponent(exchangeID))"
            let name = alerts.first.map { "\($0.exchange.key) exchange" } ?? exchangeID
            feed = AtomFeed(
                title: "SwapWatch: \(name)", selfURL: base + path + "/alerts.atom", pageURL: base + path, baseURL: base,
                scope: "exchange:\(exchangeID)")
        } else {
            feed = AtomFeed(
                title: "SwapWatch: prisoner exchange alerts", selfURL: base + "/alerts.atom", pageURL: base + "/alerts", baseURL: base,
                scope: "alerts")
        }
        var headers: HTTPFields = [.contentType: "application/atom+xml; charset=utf-8"]
        // Links made from the request's Host differ by host: a shared cache must keep them apart.
        if publicURL == nil { headers[.vary] = "Host" }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: feed.render(alerts))))
    }

    /// The address links in feeds start with: the configured one, else the request's own host.
    func baseURL(_ request: Request) -> String {
        if let publicURL { return publicURL }
        let host = request.head.authority ?? "127.0.0.1"
        // Only a plain host[:port] is taken from the request.
        let safe = host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) }
        return "http://" + (safe ? host : "127.0.0.1")
    }

    // MARK: Events

    /// `/events`: Server-Sent Events, one `alert` event per alert (its id the alert's seq), from
    /// after `Last-Event-ID` (a reconnecting browser sends it), else `?after=SEQ`, else now;
    /// `?exchange=ID` for one exchange's. It catches up from the archive, then goes on live.
    func events(_ request: Request) async throws -> Response {
        let exchangeID = request.uri.queryParameters.get("exchange").map { String($0) }
        let resumeHeader = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let afterParameter = request.uri.queryParameters.get("after").map { Int($0) }
        if case .some(nil) = afterParameter {
            return Response(status: .badRequest, body: ResponseBody(byteBuffer: ByteBuffer(string: "after must be an alert's seq, a whole number\n")))
        }
        let asked = resumeHeader ?? afterParameter ?? nil
        let after: Int
        if let asked { after = asked } else { after = try await archive.lastSeq() }
        guard let stream = broadcast.listen() else {
            return Response(
                status: .serviceUnavailable, headers: [.retryAfter: "10"], body: ResponseBody(byteBuffer: ByteBuffer(string: "too many listeners\n")))
        }
        let archive = archive
        let body = ResponseBody { writer in
            var last = max(0, after)
            func send(_ alert: Alert) async throws {
                let data = String(decoding: try MessageCodec.encoder().encode(alert), as: UTF8.self)
                try await writer.write(ByteBuffer(string: "id: \(alert.seq)\nevent: alert\ndata: \(data)\n\n"))
                last = alert.seq
            }
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            while true {
                let batch = try await archive.alerts(after: last, exchangeID: exchangeID, limit: 500)
                for alert in batch { try await send(alert) }
                if batch.count < 500 { break }
            }
            for await item in stream {
                switch item {
                case .alert(let alert) where alert.seq > last && (exchangeID == nil || alert.exchange.id == exchangeID): try await send(alert)
                case .alert: continue
                case .keepAlive: try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache", HTTPField.Name("X-Accel-Buffering")!: "no"],
            body: body)
    }

    // MARK: JSON API

    /// `/api/exchanges`: what `swapwatch exchanges --json` prints.
    func apiExchanges() async throws -> Response {
        do { return json(try await source.exchanges()) } catch { return jsonError(error) }
    }

    /// `/api/exchanges/{id}/history`: what `swapwatch history ID --json` prints.
    func apiHistory(_ id: String) async throws -> Response {
        let history: HistoryReply?
        do { history = try await Self.isExchangeID(id) ? source.history(of: id) : nil } catch { return jsonError(error) }
        guard let history else { return jsonError("no exchange with id \"\(id)\"", status: .notFound) }
        return json(history)
    }

    /// `/api/alerts?since=SEQ&limit=N&exchange=ID`: the alerts numbered above SEQ, oldest first,
    /// each as `swapwatch alerts --json` prints it.
    func apiAlerts(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        guard let since = query.get("since").map({ Int($0) }) ?? 0, since >= 0 else {
            return jsonError("since must be a whole number ≥ 0", status: .badRequest)
        }
        guard let limit = query.get("limit").map({ Int($0) }) ?? 500, (1...Self.apiAlertLimit).contains(limit) else {
            return jsonError("limit must be a whole number from 1 to \(Self.apiAlertLimit)", status: .badRequest)
        }
        return json(try await archive.alerts(after: since, exchangeID: query.get("exchange").map { String($0) }, limit: limit))
    }

    func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? MessageCodec.encoder().encode(value)) ?? Data("null".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    func jsonError(_ message: String, status: HTTPResponse.Status) -> Response { json(["error": message], status: status) }

    func jsonError(_ error: StoreQueryError) -> Response {
        if case .refused = error { return jsonError("\(error)", status: .badRequest) }
        var response = jsonError("\(error)", status: .serviceUnavailable)
        response.headers[.retryAfter] = "5"
        return response
    }
}

/// Headers every answer carries: no MIME sniffing, no framing by other sites, scripts and styles
/// only from the page itself.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }
}
