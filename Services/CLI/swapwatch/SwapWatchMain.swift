import ArgumentParser
import SwapWatchCLI

/// The `swapwatch` executable: the command tree lives in `SwapWatchCLI` so tests can run it.
@main
enum SwapWatchMain {
    static func main() async {
        let command: AsyncParsableCommand.Type = SwapWatchCommand.self
        await command.main()
    }
}
