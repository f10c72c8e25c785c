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

    /// Reads and writes go through this.
    public let writer: any DatabaseWriter

    /// Opens the database and brings it up to date with `migrator`.
    public init(_ location: Location, migrator: DatabaseMigrator) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        switch location {
        case .file(let path): writer = try DatabasePool(path: path, configuration: configuration)
        case .inMemory: writer = try DatabaseQueue(configuration: configuration)
        }
        // Every commit reaches the disk before it returns: GRDB opens a pool with `synchronous =
        // NORMAL`, which in WAL mode can lose the last commits to a power cut or an OS crash, and
        // what a service acknowledged must stay acknowledged. (Services commit in batches, so
        // they sync once per batch.)
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try migrator.migrate(writer)
    }

    public func close() throws {
        try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try writer.close()
    }
}
