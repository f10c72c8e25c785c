import GRDB
import ServiceSupport

/// A SQLite database a service owns, on GRDB's terms: a `DatabasePool` in WAL mode on disk, or an
/// in-memory `DatabaseQueue` for tests, migrated when opened. Closing it checkpoints the WAL into
/// the main file and closes every connection (GRDB's readers are read-only, so closing alone does
/// not checkpoint); a service closes it when it stops, however it stops.
public final class ServiceDatabase: ServiceResource {
    /// Where a database lives.
    public enum Location: Sendable {
        /// A file, in WAL mode.
        case file(String)
        /// Memory only, gone when closed: for tests.
        case inMemory
    }

    /// How sure a commit is to outlast a power cut.
    public enum Durability: Sendable {
        /// Synced to disk before the commit returns (`synchronous = FULL`): for what the service
        /// acknowledges to others (the claim store's reports).
        case synced
        /// WAL with `synchronous = NORMAL`, GRDB's choice: a crash of the process loses nothing,
        /// a power cut may lose the last commits. For state that can be rebuilt from a synced one
        /// (the notifier's alerts come again from the store's events).
        case processCrashSafe
    }

    /// Reads and writes go through this.
    public let writer: any DatabaseWriter

    /// Opens the database and brings it up to date with `migrator`.
    public init(_ location: Location, migrator: DatabaseMigrator, durability: Durability = .processCrashSafe) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        switch location {
        case .file(let path): writer = try DatabasePool(path: path, configuration: configuration)
        case .inMemory: writer = try DatabaseQueue(configuration: configuration)
        }
        // GRDB opens a pool with `synchronous = NORMAL`; a synced database asks for FULL after it.
        if durability == .synced { try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") } }
        try migrator.migrate(writer)
    }

    public func close() throws {
        try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try writer.close()
    }
}
