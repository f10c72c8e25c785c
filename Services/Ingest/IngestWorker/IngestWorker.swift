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
    let extractor = ClaimExtractor()

    public init(settings: IngestSettings) {
        workersEndpoint = settings.workersEndpoint
        storeEndpoint = settings.storeEndpoint
        workerID = settings.workerID
        logger = settings.logger
    }

    public func run() async throws {
        let worker = self
        let metadata: Logger.Metadata = ["worker": "\(workerID)", "queue": "\(workersEndpoint)", "store": "\(storeEndpoint)"]
        try await SocketServiceRunner.run("ingest worker", logger: logger, metadata: metadata) { try worker.loop(context: $0) }
    }

    private func loop(context: ZMQContext) throws {
        let queue = try ZMQSocket(context: context, type: .reply)
        try queue.setMaximumMessageSize(Int64(MessageLimits.request))
        try queue.connect(workersEndpoint)
        let store = RequestClient(
            context: context, endpoint: storeEndpoint, source: "/swapwatch/ingest/\(workerID)", timeout: .seconds(4), attempts: 2)
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
    func handle(_ submission: SubmitReport, store: RequestClient) throws -> SubmitResult {
        let report = try Report(validating: submission.report, received: Date())
        let claims = extractor.extract(from: report)
        let request = StoreReport(report: report, claims: claims, extractorVersion: ClaimExtractor.version, worker: workerID)
        do {
            var result = try store.call(request, expecting: SubmitResult.self)
            result.worker = workerID
            logger.info(
                "report handled",
                metadata: [
                    "report": "\(report.id)", "status": "\(result.status.rawValue)", "claims": "\(claims.count)",
                    "changes": "\(result.changes.count)",
                ])
            return result
        } catch RequestError.refused(let error) {
            throw error
        } catch let error as RequestError {
            throw ErrorReply(code: ErrorReply.unavailableCode, message: "the claim store did not answer: \(error)")
        }
    }
}
