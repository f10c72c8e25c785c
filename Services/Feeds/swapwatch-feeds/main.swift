import FeedsService
import ServiceSupport

/// `swapwatch-feeds`: turns news feeds, article pages and an inbox folder into reports.
@main
enum FeedsMain {
    static func main() async throws {
        try await runService(FeedsSettings.self) { settings in [try FeedsService(settings: settings)] }
    }
}
