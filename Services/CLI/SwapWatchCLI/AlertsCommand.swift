import AlertFollowing
import AlertSigning
import ArgumentParser
import Foundation
import ServiceSupport
import SwapWatchMessages
import ZeroMQ

/// `swapwatch alerts`: subscribe and print alerts as they come, with no gap and no duplicate
/// (``AlertFollower``).
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
        let follower = AlertFollower(
            context: context,
            settings: AlertFollower.Settings(
                subscribeEndpoint: stack.subscribeEndpoint, notifierEndpoint: stack.notifierEndpoint, keys: try stack.clientKeys(), topic: topic,
                verifier: try verifier(), timeout: .milliseconds(Int(stack.timeout * 1000)), source: "/swapwatch/cli/alerts"))
        let start: Int
        do { start = try since ?? follower.lastSeq() } catch let error as RequestError {
            throw CLIError("cannot reach the notifier at \(stack.notifierEndpoint): \(error)")
        }
        let formatter = Formatter.forStandardOutput
        var delivered = 0
        var lastActivity = DispatchTime.now()
        try follower.follow(after: start) { event in
            let line: String
            switch event {
            case .live: line = "live: subscribed to \(topic) at \(stack.subscribeEndpoint)"
            case .refused(let alert, let source, let reason): line = "refused alert #\(alert.seq) \(alert.id) from \(source): \(reason); a forgery?"
            case .snapshotDeferred(let error): line = "snapshot deferred: \(error)"
            }
            FileHandle.standardError.write(Data("\(line)\n".utf8))
        } idle: {
            guard let idleTimeout else { return .proceed }
            return Double(DispatchTime.now().uptimeNanoseconds - lastActivity.uptimeNanoseconds) / 1e9 > idleTimeout ? .stop : .proceed
        } deliver: { alert in
            print(json ? JSONOutput.line(alert) : formatter.alertLine(alert))
            fflush(nil)
            delivered += 1
            lastActivity = .now()
            return count.map { delivered >= $0 } == true ? .stop : .proceed
        }
    }
}
