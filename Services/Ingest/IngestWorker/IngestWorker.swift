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

    /// How many reports one worker has in hand at most: while the claim store commits some, it
    /// reads others, and the store commits the requests of all workers together.
    public static let window = 256

    /// A submission (one report, or a batch) between its arrival and its reply: where the reply
    /// goes, its reports, and what it waits for.
    private struct InFlight {
        enum Step { case beginning, storing }
        let request: RoutedRequest
        /// The id of the client's request, which the reply carries.
        let correlation: String?
        /// Where the client placed it in its stream, passed on to the store.
        let sequence: String?
        /// Whether it came as one ``SubmitReport``, answered with a ``SubmitResult`` of its own.
        let single: Bool
        /// Its reports, in order: `nil` for one refused already.
        let reports: [Report?]
        /// The ``ContentHash`` of each report, in order: `nil` for one refused already.
        let contentHashes: [String?]
        /// The normalised text each hash was taken of, kept for the reports to be read only, until
        /// they are: one that yields claims gets its fingerprint from it.
        var normalizedTexts: [String?]
        /// Each report's outcome, once known.
        var outcomes: [SubmitOutcome?]
        /// The claims read from each report, once read: the store's verdicts leave them out.
        var claims: [[Claim]]
        /// The reports (their indices) the store's answer now awaited is about, in order.
        var pending: [Int]
        /// The reports (their indices) that can yield no claims: they are not read, and the store
        /// is not asked how to read them, only to keep them with the others.
        var unread: [Int] = []
        var step: Step
    }

    /// The worker's loop: submissions come from the bus's queue on a DEALER socket, up to
    /// ``window`` reports at a time, and go through the claim store's two requests
    /// (``BeginExtractions`` for the reports that can yield claims, then ``StoreReports``) without
    /// waiting on each other; each is answered when its store verdicts come.
    private func loop(context: ZMQContext) throws {
        let queue = try ZMQSocket(context: context, type: .dealer)
        try queue.setMaximumMessageSize(Int64(MessageLimits.request))
        // Submissions wait in the bus rather than in a worker that may die with them.
        try queue.setHighWaterMarks(send: 1000, receive: 16)
        try queue.connect(workersEndpoint, with: keys)
        // Immediate: a request meant for a store that died is not delivered to the next one much
        // later, out of its turn; the client is told the store is unavailable and sends again.
        let store = try PipelinedClient(
            context: context, endpoint: storeEndpoint, source: "/swapwatch/ingest/\(workerID)", timeout: .seconds(4), keys: keys, immediate: true)
        let responder = Responder(source: "/swapwatch/ingest/\(workerID)", logger: logger)
        var work: [String: InFlight] = [:]
        var reportsInHand = 0
        func track(_ next: (id: String, item: InFlight)?) {
            guard let next else { return }
            work[next.id] = next.item
            reportsInHand += next.item.reports.count
        }
        while true {
            var poller = Poller()
            poller.add(store.socket)
            if reportsInHand < Self.window { poller.add(queue) }
            // While requests are out, look every 100 ms whether the store is still there.
            _ = try poller.poll(timeoutMilliseconds: store.millisecondsToNextTimeout().map { min($0, 100) } ?? 1000)
            for reply in try store.replies(decodingWhole: SubmitResults.self) {
                guard let item = work.removeValue(forKey: reply.id) else { continue }
                reportsInHand -= item.reports.count
                track(advance(item, with: reply, store: store, responder: responder, queue: queue))
            }
            // A store that died takes the requests it held with it: their clients are told at once,
            // so what waits here is not read later, out of its turn, by the store that replaces it.
            for id in store.lost() + store.expired() {
                guard let item = work.removeValue(forKey: id) else { continue }
                reportsInHand -= item.reports.count
                let error = ErrorReply(code: ErrorReply.unavailableCode, message: "the claim store did not answer")
                try queue.send(item.request.routing + [responder.encodeError(error, correlation: item.correlation)])
            }
            while reportsInHand < Self.window, let request = try responder.receive(from: queue) {
                track(begin(request, store: store, responder: responder, queue: queue))
            }
        }
    }

    /// A submission as the worker reads it: one report or a batch.
    private struct Submission {
        var id: String
        var sequence: String?
        var inputs: [ReportInput]
        var single: Bool
    }

    /// The reports a request submits; a request that submits none (another type, a malformed
    /// envelope, a batch past its limits) is refused.
    private static func submission(of body: Data) throws -> Submission {
        do {
            let batch = try MessageCodec.decode(SubmitReports.self, from: body)
            if let exceeded = batch.data.limitExceeded { throw ErrorReply(code: "batch-too-large", message: exceeded) }
            return Submission(id: batch.id, sequence: batch.sequence, inputs: batch.data.reports, single: false)
        } catch MessageError.unexpectedType(_, let type) where type == SubmitReport.messageType {
            let one = try MessageCodec.decode(SubmitReport.self, from: body)
            return Submission(id: one.id, sequence: one.sequence, inputs: [one.data.report], single: true)
        } catch MessageError.unexpectedType(_, let type) {
            throw ErrorReply(code: "unknown-type", message: "the ingest worker does not handle \"\(type)\"")
        }
    }

    /// Reads a submission from the queue and asks the store how to go on with those of its valid
    /// reports that can yield claims (or, when none can, has them all stored); an invalid report's
    /// outcome says why at once, and a request that submits no report is answered at once with why.
    private func begin(_ request: RoutedRequest, store: PipelinedClient, responder: Responder, queue: ZMQSocket) -> (id: String, item: InFlight)? {
        do {
            let submission = try Self.submission(of: request.body)
            let received = Date()
            var reports: [Report?] = []
            var outcomes: [SubmitOutcome?] = []
            for input in submission.inputs {
                do {
                    reports.append(try Report(validating: input, received: received))
                    outcomes.append(nil)
                } catch {
                    reports.append(nil)
                    outcomes.append(SubmitOutcome(error: refusal(error)))
                }
            }
            let pending = reports.indices.filter { reports[$0] != nil }
            let normalizedTexts = reports.map { $0.map { ContentHash.normalized($0.text) } }
            let hashes = normalizedTexts.map { $0.map { ContentHash.of($0) } }
            let item = InFlight(
                request: request, correlation: submission.id, sequence: submission.sequence, single: submission.single, reports: reports,
                contentHashes: hashes, normalizedTexts: Array(repeating: nil, count: reports.count), outcomes: outcomes,
                claims: Array(repeating: [], count: reports.count), pending: pending, step: .beginning)
            // A numbered submission always goes to the store, so that its number is not awaited.
            guard !pending.isEmpty || item.sequence != nil else {
                try answer(item, responder: responder, queue: queue)
                return nil
            }
            // Reports that can yield no claims are read already, with nothing left to crash on: the
            // store need not hear first that they are read. A submission of none but such reports
            // goes straight to be stored.
            var next = item
            (next.pending, next.unread) = pending.reduce(into: ([Int](), [Int]())) { split, index in
                if reader.needsReading(reports[index]!) { split.0.append(index) } else { split.1.append(index) }
            }
            for index in next.pending { next.normalizedTexts[index] = normalizedTexts[index] }
            if !pending.isEmpty, next.pending.isEmpty {
                (next.step, next.pending, next.unread) = (.storing, next.unread, [])
                let requests = next.pending.map { storeRequest(reports[$0]!, contentHash: hashes[$0], claims: []) }
                return (try Self.send(StoreReports(items: requests), sequence: item.sequence, to: store), next)
            }
            let begin = BeginExtractions(
                items: next.pending.map { index in
                    let report = reports[index]!
                    return BeginExtraction(reportID: report.id, contentHash: hashes[index]!, worker: workerID)
                })
            return (try Self.send(begin, sequence: item.sequence, to: store), next)
        } catch {
            _ = try? queue.send(request.routing + [responder.encodeError(error, correlation: Responder.requestID(of: request.body))])
            return nil
        }
    }

    /// Takes a submission one step on with the store's answer: after the plans, reads its reports
    /// and has them stored (or answers at once when the store already has a verdict on each);
    /// after the verdicts, answers the client.
    ///
    /// Before reading reports the worker tells the store, which answers how to go on with each:
    /// not at all (the report is stored or quarantined already), as usual, or isolated in a child
    /// process when an earlier attempt never finished (its worker may have died of this very
    /// report). A report that crashes the isolated reader too is quarantined, so one poison
    /// report kills at most one worker. A report that names captives or a swap in no language read
    /// is not read (it can yield no claims) and skips this step.
    private func advance(
        _ item: InFlight, with answer: PipelinedClient.Reply, store: PipelinedClient, responder: Responder, queue: ZMQSocket
    ) -> (id: String, item: InFlight)? {
        var next = item
        do {
            let body = try Self.storeAnswer(answer.result)
            switch item.step {
            case .beginning:
                let plans = try PipelinedClient.decode(body, as: ExtractionPlans.self).plans
                guard plans.count == item.pending.count else { throw Self.mismatch(plans.count, item.pending.count) }
                // The reports not read are stored in their places among the others. They yield no
                // claims, so when the store has passed over this submission's place in its stream
                // (every report it was asked about was answered), their coming later changes nothing.
                var requests = item.unread.map {
                    (index: $0, request: storeRequest(item.reports[$0]!, contentHash: item.contentHashes[$0], claims: []))
                }
                for (index, plan) in zip(item.pending, plans) {
                    let report = item.reports[index]!
                    if plan.decision == .answered {
                        var verdict = plan.verdict ?? SubmitResult(reportID: report.id, status: .duplicate, claims: [], changes: [])
                        verdict.worker = workerID
                        next.outcomes[index] = SubmitOutcome(verdict)
                        continue
                    }
                    let request = read(
                        report, contentHash: item.contentHashes[index], normalizedText: item.normalizedTexts[index],
                        isolated: plan.decision == .isolate)
                    requests.append((index, request))
                    next.claims[index] = request.claims
                }
                guard !requests.isEmpty else {
                    try self.answer(next, responder: responder, queue: queue)
                    return nil
                }
                requests.sort { $0.index < $1.index }
                next.pending = requests.map(\.index)
                next.normalizedTexts = []
                next.step = .storing
                return (try Self.send(StoreReports(items: requests.map(\.request)), sequence: item.sequence, to: store), next)
            case .storing:
                let outcomes = try answer.decoded(as: SubmitResults.self).outcomes
                guard outcomes.count == item.pending.count else { throw Self.mismatch(outcomes.count, item.pending.count) }
                for (index, outcome) in zip(item.pending, outcomes) {
                    var outcome = outcome
                    outcome.result?.worker = workerID
                    outcome.result?.claims = item.claims[index]
                    next.outcomes[index] = outcome
                    if let result = outcome.result {
                        logger.info(
                            "report handled",
                            metadata: [
                                "report": "\(result.reportID)", "status": "\(result.status.rawValue)", "claims": "\(result.claims.count)",
                                "changes": "\(result.changes.count)",
                            ])
                    }
                }
                try self.answer(next, responder: responder, queue: queue)
                return nil
            }
        } catch {
            _ = try? queue.send(item.request.routing + [responder.encodeError(error, correlation: item.correlation)])
            return nil
        }
    }

    /// Reads one report, in this process or, when the store says an earlier attempt never
    /// finished, in an isolated one; what the store is to keep (or why it is to keep it aside).
    private func read(_ report: Report, contentHash: String?, normalizedText: String?, isolated: Bool) -> StoreReport {
        var claims: [Claim] = []
        var quarantineReason: String?
        if isolated {
            logger.warning("reading a report isolated: an earlier attempt never finished", metadata: ["report": "\(report.id)"])
            switch IsolatedExtraction.claims(of: report, reader: reader) {
            case .success(let isolated): claims = isolated
            case .failure(let failure):
                logger.error("report quarantined", metadata: ["report": "\(report.id)", "reason": "\(failure)"])
                quarantineReason = failure.description
            }
        } else {
            claims = reader.claims(of: report)
        }
        return storeRequest(report, contentHash: contentHash, claims: claims, normalizedText: normalizedText, quarantineReason: quarantineReason)
    }

    /// What the store is to keep of a report read, with the fingerprint that reprints are told by
    /// when it has claims (worked out here rather than in the store's one writer), from its
    /// normalised text when the hash's is at hand.
    private func storeRequest(
        _ report: Report, contentHash: String?, claims: [Claim], normalizedText: String? = nil, quarantineReason: String? = nil
    ) -> StoreReport {
        let fingerprint = claims.isEmpty ? nil : TextFingerprint(normalizedText: normalizedText ?? ContentHash.normalized(report.text)).bytes
        return StoreReport(
            report: report, claims: claims, extractorVersion: ClaimExtractor.version, worker: workerID, quarantineReason: quarantineReason,
            contentHash: contentHash, fingerprint: fingerprint)
    }

    /// Answers the client: a ``SubmitResult`` (or the refusal) for one report, ``SubmitResults``
    /// for a batch.
    private func answer(_ item: InFlight, responder: Responder, queue: ZMQSocket) throws {
        let outcomes = item.outcomes.map { $0 ?? SubmitOutcome(error: ErrorReply(code: "internal", message: "the report has no outcome")) }
        let reply: Data
        if item.single, let only = outcomes.first {
            reply =
                only.result.map { responder.encode($0, correlation: item.correlation) }
                ?? responder.encode(only.error!, correlation: item.correlation)
        } else {
            reply = responder.encode(SubmitResults(outcomes: outcomes), correlation: item.correlation)
        }
        try queue.send(item.request.routing + [reply])
    }

    /// The refusal of one report of a submission, logged as the responder logs a request's.
    private func refusal(_ error: any Error) -> ErrorReply {
        guard let error = error as? any ReplyError else { return ErrorReply(code: "internal", message: "\(error)") }
        logger.notice("refused a report", metadata: ["code": "\(error.code)", "reason": "\(error)"])
        return ErrorReply(error)
    }

    private static func mismatch(_ answers: Int, _ reports: Int) -> ErrorReply {
        ErrorReply(code: "internal", message: "the claim store answered \(answers) times about \(reports) reports")
    }

    /// Sends a request to the store; a store that is not connected is `store-unavailable` to the
    /// client, who may try again.
    private static func send<Request: MessagePayload>(_ request: Request, sequence: String?, to store: PipelinedClient) throws -> String {
        do { return try store.send(request, sequence: sequence) } catch let error as RequestError {
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
