import Foundation
import Logging
import ServiceLifecycle
import ZeroMQ

/// How every SwapWatch executable runs: its settings read from the flags and the environment
/// (`--help` lists them), logging at ``CommonSettings/logLevel``, then its services in one
/// `ServiceGroup` that shuts down gracefully on SIGTERM and SIGINT. An executable's `main` is a
/// call to this. A command line it cannot read ends the process with status 64.
public func runService<Settings: ServiceSettings>(
    _ settings: Settings.Type, arguments: [String] = CommandLine.arguments, _ makeServices: @Sendable (Settings) throws -> [any Service]
) async throws {
    let reader = SettingsReader(arguments: arguments)
    do {
        if try SettingsReader.validate(arguments, for: Settings.self) {
            print(SettingsReader.help(for: Settings.self))
            return
        }
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(64)
    }
    ServiceLogging.bootstrap(reader)
    let settings = Settings(reader: reader)
    let services: [any Service]
    do {
        services = try makeServices(settings)
    } catch {
        // Settings that cannot work (a feed list that cannot be read, say): said once, plainly.
        FileHandle.standardError.write(Data("\(Settings.command): \(error)\n".utf8))
        exit(error is SettingsError ? 64 : 1)
    }
    var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: settings.logger)
    // A service that cannot finish its graceful shutdown in time (the web service writing to a
    // browser that stopped reading, say) is cancelled, so SIGTERM always ends the process.
    configuration.maximumGracefulShutdownDuration = .seconds(8)
    let group = ServiceGroup(configuration: configuration)
    do {
        try await group.run()
    } catch {
        settings.logger.critical("\(Settings.command) stopped on an error", metadata: ["error": "\(error)"])
        exit(1)
    }
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

extension ZMQSocket {
    /// Binds to `endpoint` and logs where the socket listens, with the port the system chose for
    /// a `*` port: `listening socket=<name> endpoint=tcp://127.0.0.1:40123`. This is the readiness
    /// line supervisors and test harnesses wait for.
    public func bind(_ endpoint: String, as name: String, logger: Logger) throws {
        try bind(endpoint)
        let bound = try lastEndpoint
        logger.info("listening", metadata: ["socket": "\(name)", "endpoint": "\(bound)"])
    }
}
