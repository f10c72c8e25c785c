import Logging
import ServiceLifecycle

/// How every SwapWatch executable runs: logging from `SWAPWATCH_LOG_LEVEL`, then its services in
/// one `ServiceGroup` that shuts down gracefully on SIGTERM and SIGINT. An executable's `main`
/// parses its flags and calls this.
public func runService(label: String, _ makeServices: (Logger) throws -> [any Service]) async throws {
    ServiceLogging.bootstrap()
    let logger = Logger(label: label)
    let services = try makeServices(logger)
    let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
}

/// What a service holds for as long as it runs and closes when it stops: its SQLite database,
/// which checkpoints on close.
public protocol ServiceResource: Sendable {
    func close() throws
}

/// Runs `body` with `resource` and closes it afterwards, also when `body` throws (then the body's
/// error is the one reported).
public func using<Resource: ServiceResource, Result>(
    _ resource: Resource, _ body: (Resource) async throws -> Result
) async throws -> Result {
    let result: Result
    do {
        result = try await body(resource)
    } catch {
        try? resource.close()
        throw error
    }
    try resource.close()
    return result
}
