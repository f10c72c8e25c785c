import Notifier
import ServiceSupport

/// `swapwatch-notifier`: turns store events into numbered, durable, replayable alerts.
@main
enum NotifierMain {
    static func main() async throws {
        try await runService(NotifierSettings.self) { settings in [NotifierService(settings: settings)] }
    }
}
