import ClaimExtraction
import Foundation
import Logging
import ReportText
import ServiceLifecycle
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// A stateless ingest worker: takes reports from the bus queue, validates them, extracts claims,
/// has the claim store commit them, and answers the client with the store's verdict.
///
/// It only connects (to the bus's worker endpoint and to the store), so any number can run.
public struct IngestWorker: Service {
    public let workersEndpoint: String
    public let storeEndpoint: String
    public let workerID: String
    let logger: Logger
    let reader: ReportReader
    /// The stack's keys, when a keys folder is set: the worker connects with them.
    let keys: ClientKeys?

    public init(settings: IngestSettings) throws {
        keys = try settings.stackKeys()?.asClient
        workersEndpoint = settings.workersEndpoint
        storeEndpoint = settings.storeEndpoint
        workerID = settings.workerID
        logger = settings.logger
        reader = ReportReader(faultCrashMarker: settings.faultCrashMarker, packs: try settings.languagePacks())
    }

    public func run() async throws {
        let worker = self
        let metadata: Logger.Metadata = ["worker": "\(workerID)", "queue": "\(workersEndpoint)", "store": "\(storeEndpoint)"]
        try await SocketServiceRunner.run("ingest worker", logger: logger, metadata: metadata) { try worker.loop(context: $0) }
    }

    /// How many reports one worker reads at a time: while the claim store commits some, it
    /// reads others, and the store commits the requests of all workers together.
    public static let window = 64

    /// A report between its arrival and its reply: where the reply goes, and what it waits for.
    private struct InFlight {
        enum Step { case beginning, storing }
        let request: RoutedRequest
        /// The id of the client's request, which the reply carries.
        let correlation: String?
        /// Where the client placed it in its stream, passed on to the store.
        let sequence: String?
        let report: Report
        var step: Step
    }

    /// The worker's loop: reports come from the bus's queue on a DEALER socket, up to ``window``
    /// at a time, and go through the claim store's two requests (``BeginExtraction``, then
    /// ``StoreReport``) without waiting on each other; each is answered when its store verdict comes.
    private func loop(context: ZMQContext) throws {
        let queue = try ZMQSocket(context: context, type: .dealer)
        try queue.setMaximumMessageSize(Int64(MessageLimits.request))
        // Reports wait in the bus rather than in a worker that may die with them.
        try queue.setHighWaterMarks(send: 1000, receive: Int32(Self.window))
        try queue.connect(workersEndpoint, with: keys)
        // Immediate: a request meant for a store that died is not delivered to the next one much
        // later, out of its turn; the client is told the store is unavailable and sends again.
        let store = try PipelinedClient(
            context: context, endpoint: storeEndpoint, source: "/swapwatch/ingest/\(workerID)", timeout: .seconds(4), keys: keys, immediate: true)
        let responder = Responder(source: "/swapwatch/ingest/\(workerID)", logger: logger)
        var work: [String: InFlight] = [:]
        while true {
            var poller = Poller()
            poller.add(store.socket)
            if work.count < Self.window { poller.add(queue) }
            // While requests are out, look every 100 ms whether the store is still there.
            _ = try poller.poll(timeoutMilliseconds: store.millisecondsToNextTimeout().map { min($0, 100) } ?? 1000)
            for reply in try store.replies() {
                guard let item = work.removeValue(forKey: reply.id) else { continue }
                if let next = advance(item, with: reply.result, store: store, responder: responder, queue: queue) { work[next.id] = next.item }
            }
            // A store that died takes the requests it held with it: their clients are told at once,
            // so what waits here is not read later, out of its turn, by the store that replaces it.
            for id in store.lost() + store.expired() {
                guard let item = work.removeValue(forKey: id) else { continue }
                let error = ErrorReply(code: ErrorReply.unavailableCode, message: "the claim store did not answer")
                try queue.send(item.request.routing + [responder.encodeError(error, correlation: item.correlation)])
            }
            while work.count < Self.window, let request = try responder.receive(from: queue) {
                if let next = begin(request, store: store, responder: responder, queue: queue) { work[next.id] = next.item }
            }
        }
    }

    /// Reads a report from the queue and asks the store how to go on; a request that is no
    /// report, or a report that is invalid, is answered at once with why.
    private func begin(_ request: RoutedRequest, store: PipelinedClient, responder: Responder, queue: ZMQSocket) -> (id: String, item: InFlight)? {
        var correlation: String?
        do {
            let submission: Envelope<SubmitReport>
            do { submission = try MessageCodec.decode(SubmitReport.self, from: request.body) } catch {
                guard case .unexpectedType(_, let type) = error else { throw error }
                throw ErrorReply(code: "unknown-type", message: "the ingest worker does not handle \"\(type)\"")
            }
            correlation = submission.id
            let report = try Report(validating: submission.data.report, received: Date())
            let id = try Self.send(
                BeginExtraction(reportID: report.id, contentHash: ContentHash.of(ContentHash.normalized(report.text)), worker: workerID),
                sequence: submission.sequence, about: report.id, to: store)
            return (id, InFlight(request: request, correlation: correlation, sequence: submission.sequence, report: report, step: .beginning))
        } catch {
            _ = try? queue.send(request.routing + [responder.encodeError(error, correlation: correlation ?? Responder.requestID(of: request.body))])
            return nil
        }
    }

    /// Takes a report one step on with the store's answer: after the plan, reads it and has it
    /// stored (or answers at once when the store already has a verdict); after the verdict,
    /// answers the client.
    ///
    /// Before reading the report the worker tells the store, which answers how to go on: not at
    /// all (the report is stored or quarantined already), as usual, or isolated in a child
    /// process when an earlier attempt never finished (its worker may have died of this very
    /// report). A report that crashes the isolated reader too is quarantined, so one poison
    /// report kills at most one worker.
    private func advance(
        _ item: InFlight, with answer: Result<Data, RequestError>, store: PipelinedClient, responder: Responder, queue: ZMQSocket
    ) -> (id: String, item: InFlight)? {
        let report = item.report
        do {
            let body = try Self.storeAnswer(answer)
            switch item.step {
            case .beginning:
                let plan = try PipelinedClient.decode(body, as: ExtractionPlan.self)
                var claims: [Claim] = []
                var quarantineReason: String?
                switch plan.decision {
                case .answered:
                    var verdict = plan.verdict ?? SubmitResult(reportID: report.id, status: .duplicate, claims: [], changes: [])
                    verdict.worker = workerID
                    try queue.send(item.request.routing + [responder.encode(verdict, correlation: item.correlation)])
                    return nil
                case .proceed:
                    claims = reader.claims(of: report)
                case .isolate:
                    logger.warning("reading a report isolated: an earlier attempt never finished", metadata: ["report": "\(report.id)"])
                    switch IsolatedExtraction.claims(of: report, reader: reader) {
                    case .success(let isolated): claims = isolated
                    case .failure(let failure):
                        logger.error("report quarantined", metadata: ["report": "\(report.id)", "reason": "\(failure)"])
                        quarantineReason = failure.description
                    }
                }
                let request = StoreReport(
                    report: report, claims: claims, extractorVersion: ClaimExtractor.version, worker: workerID, quarantineReason: quarantineReason)
                var next = item
                next.step = .storing
                return (try Self.send(request, sequence: item.sequence, about: report.id, to: store), next)
            case .storing:
                var result = try PipelinedClient.decode(body, as: SubmitResult.self)
                result.worker = workerID
                logger.info(
                    "report handled",
                    metadata: [
                        "report": "\(report.id)", "status": "\(result.status.rawValue)", "claims": "\(result.claims.count)",
                        "changes": "\(result.changes.count)",
                    ])
                try queue.send(item.request.routing + [responder.encode(result, correlation: item.correlation)])
                return nil
            }
        } catch {
            _ = try? queue.send(item.request.routing + [responder.encodeError(error, correlation: item.correlation)])
            return nil
        }
    }

    /// Sends a request about report `reportID` to the store (named as the envelope's `subject`, which
    /// the store reads before the body); a store that is not connected is `store-unavailable` to
    /// the client, who may try again.
    private static func send<Request: MessagePayload>(
        _ request: Request, sequence: String?, about reportID: String, to store: PipelinedClient
    ) throws -> String {
        do { return try store.send(request, sequence: sequence, subject: reportID) } catch let error as RequestError {
            throw ErrorReply(code: ErrorReply.unavailableCode, message: "the claim store is not connected: \(error)")
        }
    }

    /// The body of the store's answer; a refusal passes on as it is, and a store that did not
    /// answer is `store-unavailable` to the client, who may try again.
    private static func storeAnswer(_ answer: Result<Data, RequestError>) throws -> Data {
        switch answer {
        case .success(let body): return body
        case .failure(.refused(let error)): throw error
        case .failure(let error): throw ErrorReply(code: ErrorReply.unavailableCode, message: "the claim store did not answer: \(error)")
        }
    }
}
