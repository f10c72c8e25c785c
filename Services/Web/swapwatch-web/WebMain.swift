import ServiceSupport
import WebService

/// `swapwatch-web`: exchange pages with drawn timelines, live alerts, Atom feeds, a JSON API and webhooks.
@main
enum WebMain {
    static func main() async throws {
        try await runService(WebSettings.self) { settings in [try WebService(settings: settings)] }
    }
}
