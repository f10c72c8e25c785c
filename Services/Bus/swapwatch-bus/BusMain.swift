import BusService
import ServiceSupport

/// `swapwatch-bus`: the report queue and the pub/sub forwarder every service connects to.
@main
enum BusMain {
    static func main() async throws {
        try await runService(BusSettings.self) { [BusService(settings: $0)] }
    }
}
