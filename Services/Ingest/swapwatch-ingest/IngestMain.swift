import IngestWorker
import ServiceSupport

/// `swapwatch-ingest`: one stateless ingest worker. Run as many as you like.
@main
enum IngestMain {
    static func main() async throws {
        if IsolatedExtraction.isChild { IsolatedExtraction.runChild() }
        try await runService(IngestSettings.self) { settings in [try IngestWorker(settings: settings)] }
    }
}
