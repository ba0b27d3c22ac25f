#include "recod/util/thread_name.hpp"

#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <thread>

namespace recod::util {
namespace {

// What ps, top -H and perf read: the kernel's record of the thread.
std::string comm_of_this_thread() {
  const auto tid = syscall(SYS_gettid);
  std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/comm");
  std::string name;
  std::getline(in, name);
  return name;
}

TEST(ThreadNameTest, AThreadCarriesTheNameItIsGiven) {
  std::string read_back;
  std::string comm;
  std::thread([&] {
    name_this_thread("recod-test");
    read_back = this_thread_name();
    comm = comm_of_this_thread();
  }).join();
  EXPECT_EQ(read_back, "recod-test");
  EXPECT_EQ(comm, "recod-test");
}

TEST(ThreadNameTest, ALongNameIsCutToWhatLinuxKeeps) {
  std::string read_back;
  std::thread([&] {
    name_this_thread("recod-a-name-longer-than-fifteen");
    read_back = this_thread_name();
  }).join();
  EXPECT_EQ(read_back, "recod-a-name-lo");
  EXPECT_EQ(read_back.size(), kMaxThreadNameLength);
}

TEST(ThreadNameTest, NamingOneThreadLeavesTheOthersAlone) {
  const std::string before = this_thread_name();
  std::thread([] { name_this_thread("recod-other"); }).join();
  EXPECT_EQ(this_thread_name(), before);
}

}  // namespace
}  // namespace recod::util
