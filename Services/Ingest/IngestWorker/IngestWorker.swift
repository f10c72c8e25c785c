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

    private func loop(context: ZMQContext) throws {
        let queue = try ZMQSocket(context: context, type: .reply)
        try queue.setMaximumMessageSize(Int64(MessageLimits.request))
        try queue.connect(workersEndpoint, with: keys)
        let store = RequestClient(
            context: context, endpoint: storeEndpoint, source: "/swapwatch/ingest/\(workerID)", timeout: .seconds(4), attempts: 2, keys: keys)
        let responder = Responder(source: "/swapwatch/ingest/\(workerID)", logger: logger)
        var requests = MessageRouter(service: "ingest worker")
        requests.on(SubmitReport.self) { try handle($0, store: store) }
        while true {
            guard let frames = try queue.receive() else { continue }
            let request = frames.last ?? Data()
            let reply = responder.reply(to: request, routing: requests)
            try queue.send(reply)
        }
    }

    /// Validates, extracts and stores one report; returns the store's verdict with this worker's id.
    ///
    /// Before reading the report it tells the store, which answers how to go on: not at all (the
    /// report is stored or quarantined already), as usual, or isolated in a child process when an
    /// earlier attempt never finished (its worker may have died of this very report). A report
    /// that crashes the isolated reader too is quarantined, so one poison report kills at most
    /// one worker.
    func handle(_ submission: SubmitReport, store: RequestClient) throws -> SubmitResult {
        let report = try Report(validating: submission.report, received: Date())
        let begin = BeginExtraction(reportID: report.id, contentHash: ContentHash.of(ContentHash.normalized(report.text)), worker: workerID)
        let plan = try ask(store, begin, expecting: ExtractionPlan.self)
        var claims: [Claim] = []
        var quarantineReason: String?
        switch plan.decision {
        case .answered:
            var verdict = plan.verdict ?? SubmitResult(reportID: report.id, status: .duplicate, claims: [], changes: [])
            verdict.worker = workerID
            return verdict
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
        var result = try ask(store, request, expecting: SubmitResult.self)
        result.worker = workerID
        logger.info(
            "report handled",
            metadata: [
                "report": "\(report.id)", "status": "\(result.status.rawValue)", "claims": "\(claims.count)", "changes": "\(result.changes.count)",
            ])
        return result
    }

    /// A request to the claim store; a store that does not answer is `store-unavailable` to the
    /// client, who may try again.
    private func ask<Request: MessagePayload, Reply: MessagePayload>(_ store: RequestClient, _ request: Request, expecting: Reply.Type) throws
        -> Reply
    {
        do {
            return try store.call(request, expecting: Reply.self)
        } catch RequestError.refused(let error) {
            throw error
        } catch let error as RequestError {
            throw ErrorReply(code: ErrorReply.unavailableCode, message: "the claim store did not answer: \(error)")
        }
    }
}
