import Foundation
import GRDB
import Glibc
import ServiceSupport
import Synchronization

/// A SQLite database a service owns, on GRDB's terms: a `DatabasePool` in WAL mode on disk, or an
/// in-memory `DatabaseQueue` for tests, migrated when opened. Closing it checkpoints the WAL into
/// the main file and closes every connection (GRDB's readers are read-only, so closing alone does
/// not checkpoint); a service closes it when it stops, however it stops.
///
/// On disk, a thread of the database's own copies the WAL into the main file in the background
/// (``Checkpointer``). Once the WAL is ``Checkpointer/walPagesBeforeRestart`` long, it syncs the
/// file and has the writer's connection finish the checkpoint between two transactions, with
/// little left to copy or sync, so that the next commit starts the WAL over and it stays bounded
/// however steadily commits come. A commit that finds the WAL past ``walPagesBeforeCommitCheckpoint``
/// checkpoints it itself, should the background thread fall behind.
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
    private let checkpointer: Checkpointer?

    /// Pages each connection keeps in memory, in KiB (SQLite's default is 2 MiB): the indexes
    /// a write touches stay cached rather than being read back from the file.
    static let cacheKiB = 32 << 10

    /// The WAL's length in pages past which a commit checkpoints it, on the writer's thread
    /// (SQLite's default is 1,000 pages, 4 MiB). Higher, so that the background ``Checkpointer``
    /// does the copying and its syncs rather than the one writer, whose requests wait meanwhile:
    /// at 1,000 reports a second the claim store's commits checkpointed twice a second, and that
    /// showed in the slowest replies. Only when the checkpointer falls behind does the WAL file
    /// grow to this length (about 40 MiB); it is truncated on close.
    public static let walPagesBeforeCommitCheckpoint = 10_000

    /// Opens the database and brings it up to date with `migrator`.
    public init(_ location: Location, migrator: DatabaseMigrator, durability: Durability = .processCrashSafe) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -\(Self.cacheKiB)")
            // Savepoints journal the pages they change: in memory, not in a temporary file.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.walPagesBeforeCommitCheckpoint)")
        }
        switch location {
        case .file(let path):
            writer = try DatabasePool(path: path, configuration: configuration)
            checkpointer = try Checkpointer(path: path, configuration: configuration, writer: writer)
        case .inMemory:
            writer = try DatabaseQueue(configuration: configuration)
            checkpointer = nil
        }
        // GRDB opens a pool with `synchronous = NORMAL`; a synced database asks for FULL after it.
        if durability == .synced { try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") } }
        try migrator.migrate(writer)
    }

    public func close() throws {
        checkpointer?.stop()
        try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try writer.close()
    }

    /// Copies the WAL into the main file every ``interval`` on a connection and thread of its own
    /// (a passive checkpoint: it never waits on the writer, nor the writer on it). Once the WAL is
    /// ``walPagesBeforeRestart`` long, it syncs the file, then has the writer's connection finish
    /// the checkpoint between two of its transactions: that copies only what was committed since
    /// and syncs little, and the next commit starts the WAL over. SQLite syncs the file only after
    /// a checkpoint that reached the end of the WAL, which steady commits seldom let this one do,
    /// so without the sync here the writer's would write all that was copied since the last: 5–12
    /// ms in the claim store at 1,000 reports a second, against 2.4 ms at most with it.
    final class Checkpointer: Sendable {
        static let interval = 0.1
        /// The WAL's length in pages (16 MiB) from which a pass has the writer's connection finish
        /// the checkpoint.
        static let walPagesBeforeRestart = 4_000
        private let stopped = Mutex(false)
        private let done = DispatchSemaphore(value: 0)
        private let connection: DatabaseQueue
        private let writer: any DatabaseWriter
        /// The main file, opened to sync it.
        private let file: Int32

        init(path: String, configuration: Configuration, writer: any DatabaseWriter) throws {
            connection = try DatabaseQueue(path: path, configuration: configuration)
            self.writer = writer
            file = open(path, O_RDONLY | O_CLOEXEC)
            guard file >= 0 else { throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path]) }
            let thread = Thread { [self] in run() }
            thread.name = "checkpointer"
            thread.start()
        }

        private func run() {
            while !stopped.withLock({ $0 }) {
                Thread.sleep(forTimeInterval: Self.interval)
                // A checkpoint that fails (the file busy) is tried again at the next tick.
                try? pass()
            }
            try? connection.close()
            Glibc.close(file)
            done.signal()
        }

        /// One pass: a checkpoint on the checkpointer's connection and, once the WAL is
        /// ``walPagesBeforeRestart`` long, the file synced and the checkpoint finished on the
        /// writer's connection.
        func pass() throws {
            let wal = try connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            guard wal.walFrameCount >= Self.walPagesBeforeRestart else { return }
            guard fdatasync(file) == 0 else { throw CocoaError(.fileWriteUnknown) }
            try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        }

        /// Stops the thread, after the checkpoint it may be running, and closes its connection.
        func stop() {
            guard
                !stopped.withLock({ stopping in
                    defer { stopping = true }
                    return stopping
                })
            else { return }
            done.wait()
        }
    }
}
