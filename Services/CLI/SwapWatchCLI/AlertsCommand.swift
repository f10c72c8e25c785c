import AlertSigning
import ArgumentParser
import Foundation
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// `swapwatch alerts`: subscribe and print alerts as they come, with no gap and no duplicate.
///
/// The ZeroMQ guide's Clone pattern: subscribe first, then fetch the notifier's snapshot of what
/// was missed, and drop live alerts the snapshot already covered. A live alert that skips a
/// sequence number, or a heartbeat announcing a higher one, triggers a fresh snapshot.
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alerts", abstract: "Subscribe and print alerts as they come.")

    @OptionGroup var stack: StackOptions
    @Option(help: "Only alerts whose topic starts with this (alert.size., alert.date., alert.size.<exchange id>).")
    var topic = Topics.alerts
    @Option(help: "First deliver the kept alerts with a sequence number above this, then continue live.")
    var since: Int?
    @Flag(help: "Print one alert object per line.") var json = false
    @Option(help: "Exit after this many alerts.") var count: Int?
    @Option(help: "Exit after this many seconds without an alert.") var idleTimeout: Double?
    @Option(
        help: """
            The notifier's public key (base64, or a file holding it); an alert not signed with it is refused. \
            Env: SWAPWATCH_ALERT_KEY; default: \(AlertKeys.publicFile) in the keys folder (--keys-dir, else \(StackOptions.localKeys)) \
            when it exists, else no check.
            """)
    var alertKey: String?

    /// The key alerts are checked with: the flag or variable, else the keys folder's, else none.
    private func verifier() throws -> AlertVerifier? {
        let environment = ProcessInfo.processInfo.environment["SWAPWATCH_ALERT_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        if let key = alertKey ?? environment { return try AlertVerifier(key: key) }
        let folderKey = (stack.keysFolder as NSString).appendingPathComponent(AlertKeys.publicFile)
        return FileManager.default.fileExists(atPath: folderKey) ? try AlertVerifier(key: folderKey) : nil
    }

    func run() async throws {
        guard topic.hasPrefix(Topics.alerts) || Topics.alerts.hasPrefix(topic) else {
            throw ValidationError("--topic must start with \(Topics.alerts)")
        }
        let context = ZMQContext()
        let options = self
        _ = try await withTaskCancellationHandler {
            try await SocketThread.run(name: "swapwatch-alerts", context: context) {
                try options.subscribe(context: context)
            }
        } onCancel: {
            context.shutdown()
        }
    }

    private func subscribe(context: ZMQContext) throws {
        let subscriber = try ZMQSocket(context: context, type: .subscriber)
        try subscriber.setMaximumMessageSize(Int64(MessageLimits.publication))
        let keys = try stack.clientKeys()
        try subscriber.connect(stack.subscribeEndpoint, with: keys)
        try subscriber.subscribe(topic)
        try subscriber.subscribe(Topics.alertsHeartbeat)
        let snapshots = RequestClient(
            context: context, endpoint: stack.notifierEndpoint, source: "/swapwatch/cli/alerts",
            timeout: .milliseconds(Int(stack.timeout * 1000)), attempts: 2, keys: keys)
        let formatter = Formatter.forStandardOutput
        let verifier = try verifier()
        var delivered = 0
        var lastActivity = DispatchTime.now()

        /// Whether the alert is the notifier's; says so on standard error when it is not.
        func isAuthentic(_ alert: Alert, from source: String) -> Bool {
            guard let verifier, !verifier.isAuthentic(alert) else { return true }
            let why = alert.signature == nil ? "it is not signed" : "its signature does not match the notifier's key"
            FileHandle.standardError.write(Data("refused alert #\(alert.seq) \(alert.id) from \(source): \(why); a forgery?\n".utf8))
            return false
        }

        func deliver(_ alert: Alert) throws {
            print(json ? JSONOutput.line(alert) : formatter.alertLine(alert))
            fflush(nil)
            delivered += 1
            lastActivity = .now()
            if let count, delivered >= count { throw ZMQError.contextTerminated }
        }

        // Where the subscriber stands: every alert up to `covered` was delivered or did not match.
        var covered: Int
        do {
            covered = try since ?? snapshots.call(AlertsQuery(after: 0, topicPrefix: topic, limit: 0), expecting: AlertsReply.self).lastSeq
        } catch let error as RequestError {
            throw CLIError("cannot reach the notifier at \(stack.notifierEndpoint): \(error)")
        }
        func fill() throws {
            while true {
                let reply = try snapshots.call(AlertsQuery(after: covered, topicPrefix: topic), expecting: AlertsReply.self)
                for alert in reply.alerts where alert.seq > covered {
                    if isAuthentic(alert, from: "the snapshot") { try deliver(alert) }
                    covered = alert.seq
                }
                covered = max(covered, reply.coveredThrough)
                if covered >= reply.lastSeq { return }
            }
        }
        func tryFill() throws {
            do { try fill() } catch let error as RequestError {
                FileHandle.standardError.write(Data("snapshot deferred: \(error)\n".utf8))
            }
        }
        try tryFill()

        // The first heartbeat says the subscription has reached the bus.
        var live = false
        while true {
            if try subscriber.waitReadable(timeoutMilliseconds: 200), let frames = try subscriber.receive(dontWait: true), frames.count == 2 {
                let topicFrame = String(decoding: frames[0], as: UTF8.self)
                if topicFrame == Topics.alertsHeartbeat {
                    if !live {
                        live = true
                        FileHandle.standardError.write(Data("live: subscribed to \(topic) at \(stack.subscribeEndpoint)\n".utf8))
                    }
                    if let beat = try? MessageCodec.decode(AlertsHeartbeat.self, from: frames[1]).data, beat.lastSeq > covered {
                        try tryFill()
                    }
                } else if let alert = try? MessageCodec.decode(Alert.self, from: frames[1]).data, alert.seq > covered {
                    if !isAuthentic(alert, from: "the bus") {
                        try tryFill()  // the real alert of that number, if there is one, is in the snapshot
                    } else if alert.seq == covered + 1 {
                        try deliver(alert)
                        covered = alert.seq
                    } else {
                        try tryFill()  // something was missed (or filtered): the snapshot says which
                    }
                }
            }
            if let idleTimeout, Double(DispatchTime.now().uptimeNanoseconds - lastActivity.uptimeNanoseconds) / 1e9 > idleTimeout {
                return
            }
        }
    }
}
