import ArgumentParser
import Foundation
import ServiceSupport
import SwapWatchMessages

/// `swapwatch feeds`: how the feeds service's feeds and inbox are doing.
struct FeedsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds", abstract: "How the feeds service is doing: per feed, the last poll, its HTTP status, items, reports and errors.")

    @OptionGroup var stack: StackOptions
    @Option(help: .setting(EndpointSettings.feeds)) var feedsEndpoint = EndpointSettings.feeds.environmentValue
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let reply = try await stack.withClient(feedsEndpoint, attempts: 1, serverKeyFile: StackKeys.feedsPublicFile) { client in
            try client.call(FeedsQuery(), expecting: FeedsReply.self)
        }
        if json {
            print(JSONOutput.line(reply))
            return
        }
        if reply.feeds.isEmpty { print("no feeds followed") }
        for feed in reply.feeds {
            print(feed.title.map { "\($0) — \(feed.url)" } ?? feed.url)
            let polled = feed.lastPoll.map { "last poll \($0)" + (feed.httpStatus.map { ", HTTP \($0)" } ?? "") } ?? "not polled yet"
            print(
                "  \(polled); \(feed.itemsSeen) item(s) seen, \(feed.reportsSubmitted) report(s) submitted"
                    + (feed.nextPoll.map { "; next poll \($0)" } ?? ""))
            if let error = feed.lastError {
                print("  last error" + (feed.failures > 0 ? " (\(feed.failures) failed poll(s) in a row)" : "") + ": \(error)")
            }
        }
        if let inbox = reply.inbox {
            print(
                "inbox \(inbox.directory): \(inbox.done) file(s) submitted, \(inbox.failed) failed"
                    + (inbox.lastError.map { "; last error: \($0)" } ?? ""))
        }
    }
}
