// recod: event tracking and recommendation server. main() only picks the sub-command.
#include <iostream>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/evaluate.hpp"
#include "recod/config/config.hpp"

namespace {

constexpr const char* kUsage =
    "usage: recod <command> [options]\n"
    "\n"
    "commands:\n"
    "  serve   [--config FILE] [--port N] [--data-dir DIR] [--threads N] [--log-level L]\n"
    "          [--port-file FILE]\n"
    "          run the server (without --config: the built-in config/recod.json)\n"
    "  events  [--config FILE] [--data-dir DIR] --customer CID --user UID\n"
    "          print a user's stored events as JSON lines, oldest first\n"
    "  import-items [--config FILE] [--data-dir DIR] --customer CID FILE\n"
    "          check, then import a catalog XML file (the server must be stopped)\n"
    "  evaluate [--config FILE] [--data-dir DIR] --customer CID [--test-days N | --split-time T]\n"
    "          [--scenario S ...] [--k N] [--json FILE]\n"
    "          offline evaluation: models from the earlier events, the last days replayed\n"
    "  version print the version\n";

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    std::cout << kUsage;
    return words.empty() ? 2 : 0;
  }
  const std::string& command = words[0];
  const std::vector<std::string> rest(words.begin() + 1, words.end());
  try {
    if (command == "serve") return recod::cli::run_serve(rest);
    if (command == "events") return recod::cli::run_events(rest);
    if (command == "import-items") return recod::cli::run_import_items(rest);
    if (command == "evaluate") return recod::cli::run_evaluate(rest);
    if (command == "version" || command == "--version") {
      std::cout << "recod " << RECOD_VERSION << "\n";
      return 0;
    }
    std::cerr << "recod: unknown command '" << command << "'\n" << kUsage;
    return 2;
  } catch (const recod::cli::UsageError& e) {
    std::cerr << "recod " << command << ": " << e.what() << "\n" << kUsage;
    return 2;
  } catch (const recod::config::ConfigError& e) {
    std::cerr << "recod: " << e.what() << "\n";
    return 2;
  }
}
