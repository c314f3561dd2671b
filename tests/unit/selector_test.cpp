// Tests of process selection: -p, -n, -u like pgrep (OR within a kind, AND across kinds), and the
// processes that are only shown when named by pid (kernel threads, zombies, memwho itself).
#include "memwho/select/selector.hpp"

#include <catch2/catch.hpp>
#include <string>

using memwho::name_matches;
using memwho::ProcessRecord;
using memwho::Selector;

namespace {

ProcessRecord process(int pid, std::string comm, std::string command, std::uint32_t uid = 0) {
  ProcessRecord r;
  r.pid = pid;
  r.name = std::move(comm);
  r.command = std::move(command);
  r.uid = uid;
  r.state = 'S';
  r.identity_known = true;
  r.has_mm = true;
  return r;
}

ProcessRecord kernel_thread(int pid) {
  ProcessRecord r = process(pid, "kthreadd", "");
  r.has_mm = false;
  r.kernel_thread = true;
  return r;
}

ProcessRecord zombie(int pid) {
  ProcessRecord r = process(pid, "defunct", "", 4242);
  r.state = 'Z';
  r.has_mm = false;
  return r;
}

ProcessRecord unidentified(int pid) {
  ProcessRecord r;  // status refused (hidepid=1): nothing but the pid
  r.pid = pid;
  return r;
}

}  // namespace

TEST_CASE("selector: with no selector, every process with an address space", "[selector]") {
  Selector s;
  CHECK(s.matches(process(100, "alpha", "/usr/sbin/alpha -d")));
  CHECK_FALSE(s.matches(kernel_thread(2)));
  CHECK_FALSE(s.matches(zombie(200)));
  // An unidentified process cannot be told apart from a kernel thread; it is shown by pid.
  CHECK(s.matches(unidentified(300)));
}

TEST_CASE("selector: memwho itself is left out unless named by pid", "[selector]") {
  Selector s;
  s.self_pid = 100;
  CHECK_FALSE(s.matches(process(100, "memwho", "memwho")));
  CHECK(s.matches(process(101, "memwho", "memwho")));  // another memwho is just a process
  s.pids = {100};
  CHECK(s.matches(process(100, "memwho", "memwho")));
}

TEST_CASE("selector: -p names kernel threads and zombies too", "[selector]") {
  Selector s;
  s.pids = {2, 200, 100};
  CHECK(s.matches(kernel_thread(2)));
  CHECK(s.matches(zombie(200)));
  CHECK(s.matches(process(100, "alpha", "alpha")));
  CHECK(s.matches(unidentified(100)));
  CHECK_FALSE(s.matches(process(101, "alpha", "alpha")));  // not named
  CHECK(s.names_pid(200));
  CHECK_FALSE(s.names_pid(201));
}

TEST_CASE("name_matches: comm or the command's first word, substrings", "[selector]") {
  // A preforking server rewrites its cmdline ($0 = "unicorn worker[3] -c x"); comm stays "ruby".
  const ProcessRecord worker = process(601, "ruby", "unicorn worker[3] -c x");
  CHECK(name_matches(worker, "unicorn"));
  CHECK(name_matches(worker, "uni"));
  CHECK(name_matches(worker, "ruby"));
  CHECK(name_matches(worker, "rub"));
  // Only the first word of the command counts: "worker", "-c" and "x" are arguments.
  CHECK_FALSE(name_matches(worker, "worker"));
  CHECK_FALSE(name_matches(worker, "worker[3]"));
  CHECK_FALSE(name_matches(worker, "-c"));
  CHECK_FALSE(name_matches(worker, "unicorn worker"));  // a name never spans words
  // Case matters, as in pgrep without -i.
  CHECK_FALSE(name_matches(worker, "Unicorn"));

  // A path as first word: its directories count too (substring of the word).
  const ProcessRecord daemon = process(100, "alpha", "/usr/sbin/alpha -d --config /etc/beta");
  CHECK(name_matches(daemon, "alpha"));
  CHECK(name_matches(daemon, "/usr/sbin"));
  CHECK(name_matches(daemon, "sbin"));
  CHECK_FALSE(name_matches(daemon, "beta"));
  CHECK_FALSE(name_matches(daemon, "config"));

  // comm is matched whole, spaces and all.
  const ProcessRecord spaced = process(5, "a) b\n(c", "");
  CHECK(name_matches(spaced, ") b"));
  CHECK(name_matches(spaced, "\n(c"));

  // No cmdline (kernel thread): comm only.
  CHECK(name_matches(kernel_thread(2), "kthread"));
  CHECK_FALSE(name_matches(kernel_thread(2), "["));
}

TEST_CASE("name_matches: documented corner cases", "[selector]") {
  // An empty -n matches everything (it is a substring of every name).
  CHECK(name_matches(process(1, "x", "y"), ""));
  // A cmdline starting with NUL (now a space) has an empty first word.
  CHECK_FALSE(name_matches(process(1, "x", " hidden args"), "hidden"));
  // Only ' ' separates words: NULs became spaces, but a tab inside argv[0] is part of it.
  CHECK(name_matches(process(1, "x", "a\tb c"), "a\tb"));
}

TEST_CASE("selector: -n alternatives are ORed", "[selector]") {
  Selector s;
  s.names = {"nginx", "unicorn"};
  CHECK(s.matches(process(1, "nginx", "nginx: master process")));
  CHECK(s.matches(process(2, "ruby", "unicorn master -c x")));
  CHECK_FALSE(s.matches(process(3, "bash", "-bash")));
  // -n does not bring in what only -p may: kernel threads and zombies.
  s.names = {"kthreadd", "defunct"};
  CHECK_FALSE(s.matches(kernel_thread(2)));
  CHECK_FALSE(s.matches(zombie(200)));
  // Without identity there is nothing to match a name against.
  CHECK_FALSE(s.matches(unidentified(9)));
}

TEST_CASE("selector: -u alternatives are ORed, on the real uid", "[selector]") {
  Selector s;
  s.uids = {4242, 0};
  CHECK(s.matches(process(1, "a", "a", 0)));
  CHECK(s.matches(process(2, "b", "b", 4242)));
  CHECK_FALSE(s.matches(process(3, "c", "c", 4243)));
  CHECK_FALSE(s.matches(unidentified(4)));  // uid unknown
  ProcessRecord no_uid = process(5, "d", "d");
  no_uid.uid.reset();
  CHECK_FALSE(s.matches(no_uid));
}

TEST_CASE("selector: different kinds are ANDed", "[selector]") {
  Selector s;
  s.names = {"unicorn"};
  s.uids = {4242};
  CHECK(s.matches(process(600, "ruby", "unicorn master", 4242)));
  CHECK_FALSE(s.matches(process(601, "ruby", "unicorn worker[0]", 0)));  // wrong user
  CHECK_FALSE(s.matches(process(602, "ruby", "puma", 4242)));            // wrong name

  // -p with -n: a named pid must still match the name.
  Selector p;
  p.pids = {600, 700};
  p.names = {"unicorn"};
  CHECK(p.matches(process(600, "ruby", "unicorn master", 4242)));
  CHECK_FALSE(p.matches(process(700, "batch", "/opt/batch", 4242)));
  CHECK_FALSE(p.matches(process(601, "ruby", "unicorn worker[0]", 4242)));  // not named

  // -p with -u on a kernel thread: the pid lifts the kthread rule, the uid still applies.
  Selector k;
  k.pids = {2};
  k.uids = {4242};
  CHECK_FALSE(k.matches(kernel_thread(2)));
  k.uids = {0};
  CHECK(k.matches(kernel_thread(2)));
}
