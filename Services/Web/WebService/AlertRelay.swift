import AlertFollowing
import AlertSigning
import Foundation
import Logging
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// Follows the stack's alerts the way `swapwatch alerts` does (``AlertFollower``: catch-up from
/// the notifier, then live, no gap, no duplicate, signatures checked) from the newest one the
/// archive holds (`start`), so a restart misses nothing; keeps each in the archive, then broadcasts it.
struct AlertRelay {
    let follower: AlertFollower
    let start: Int
    let archive: AlertArchive
    let broadcast: AlertBroadcast
    let logger: Logger

    /// Runs until the follower's context is shut down.
    func run() throws {
        logger.info("following alerts", metadata: ["after": "\(start)"])
        try follower.follow(after: start) { event in
            switch event {
            case .live: logger.info("alerts live")
            case .refused(let alert, let source, let reason):
                logger.warning(
                    "refused an alert", metadata: ["seq": "\(alert.seq)", "id": "\(alert.id)", "from": "\(source)", "reason": "\(reason)"])
            case .snapshotDeferred(let error): logger.warning("alert catch-up deferred", metadata: ["error": "\(error)"])
            }
        } deliver: { alert in
            do {
                if try archive.record(alert) { broadcast.publish(.alert(alert)) }
            } catch {
                // Not kept: stop, so a restart resumes from the last alert kept.
                logger.error("cannot keep alert", metadata: ["seq": "\(alert.seq)", "error": "\(error)"])
                throw error
            }
            return .proceed
        }
    }
}
