import ClaimStore
import ServiceSupport

/// `swapwatch-store`: the claim store, the single writer of the SQLite database.
@main
enum StoreMain {
    static func main() async throws {
        try await runService(StoreSettings.self) { settings in [ClaimStoreService(settings: settings)] }
    }
}
