#include "recod_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <thread>

#include "temp_dir.hpp"

namespace recod::test {
namespace {

std::vector<char*> to_argv(std::vector<std::string>& words) {
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  return argv;
}

int exit_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Waits for `pid` until `timeout`; the exit status, or -1 if still running.
int wait_for(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return exit_status(status);
    if (r < 0) return -1;
    if (std::chrono::steady_clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

std::string recod_binary() { return RECOD_BINARY; }

CommandResult run_recod(const std::vector<std::string>& args, std::chrono::seconds timeout) {
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> words{recod_binary()};
  words.insert(words.end(), args.begin(), args.end());
  auto argv = to_argv(words);

  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);

  CommandResult result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[4096];
  while (open_fds > 0 && std::chrono::steady_clock::now() < deadline) {
    if (::poll(fds, 2, 100) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP)) == 0) continue;
      const auto n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) ::close(f.fd);
  }
  result.exit_code = wait_for(pid, std::chrono::seconds(5));
  if (result.exit_code == -1) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  return result;
}

std::string minimal_config(const std::string& data_dir, const std::string& extra_top_level,
                           const std::string& extra_storage) {
  return R"({
  "server": {"listen": "127.0.0.1", "port": 0, "threads": 2, "shutdown_grace_ms": 3000},
  "storage": {"data_dir": ")" +
         data_dir + "\"" + (extra_storage.empty() ? "" : ", " + extra_storage) + R"(},
  "customers": {
    "00000": {"license_key": "8695-1828-92810-5535-4239"},
    "strings": {"license_key": "s3cret", "string_item_ids": true},
    "secure": {"license_key": "s3cure-key", "recommendation_auth": true},
    "custom": {"license_key": "custom-key", "scenarios": {
      "viewed": {"stages": ["recently_viewed"], "exclude_context_items": false},
      "clicked_only": {"stages": ["also_clicked"]},
      "fresh": {"stages": ["bestseller"], "exclude_rendered": 2, "exclude_bought": false},
      "two_types": {"input_type": 1, "output_types": [1, 2], "stages": ["most_clicked"]}
    }}
  })" + (extra_top_level.empty() ? "" : ",\n  " + extra_top_level) +
         "\n}\n";
}

RecodServer::RecodServer(const std::string& config_path, const std::string& work_dir,
                         const std::vector<std::string>& extra_args) {
  const std::string port_file = work_dir + "/recod.port";
  log_path_ = work_dir + "/recod.log";
  std::filesystem::remove(port_file);
  std::vector<std::string> words{recod_binary(), "serve", "--port-file", port_file};
  if (!config_path.empty()) {
    words.emplace_back("--config");
    words.push_back(config_path);
  }
  words.insert(words.end(), extra_args.begin(), extra_args.end());
  auto argv = to_argv(words);

  pid_ = ::fork();
  if (pid_ == 0) {
    const int log = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(log, 2);
    ::dup2(log, 1);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  // Ready when the port file holds a number (written after listen()).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = read_file(port_file);
    if (!text.empty() && text.back() == '\n') {
      port_ = static_cast<std::uint16_t>(std::stoi(text));
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("recod serve exited at start: " + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("recod serve did not start listening: " + log());
}

RecodServer::~RecodServer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

int RecodServer::stop(int signal, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  const int status = wait_for(pid_, timeout);
  if (status != -1) pid_ = -1;
  return status;
}

std::string RecodServer::log() const { return read_file(log_path_); }

}  // namespace recod::test
