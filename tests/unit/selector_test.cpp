// Tests of process selection: -p, -n, -u like pgrep (OR within a kind, AND across kinds), and the
// processes that are only shown when named by pid (kernel threads, zombies, memwho itself).
#include "memwho/select/selector.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "memwho/proc/parse_cmdline.hpp"

using memwho::command_matches;
using memwho::name_matches;
using memwho::ProcessRecord;
using memwho::Selector;

namespace {

ProcessRecord process(int pid, std::string comm, std::string command, std::uint32_t uid = 0) {
  ProcessRecord r;
  r.pid = pid;
  r.name = std::move(comm);
  r.program = memwho::program_of_cmdline(command);
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

TEST_CASE("name_matches: comm or the program, as substrings", "[selector]") {
  // A preforking server rewrites its cmdline ($0 = "unicorn worker[3] -c x"); comm stays "ruby".
  const ProcessRecord worker = process(601, "ruby", "unicorn worker[3] -c x");
  CHECK(name_matches(worker, "unicorn", false));
  CHECK(name_matches(worker, "uni", false));
  CHECK(name_matches(worker, "ruby", false));
  CHECK(name_matches(worker, "rub", false));
  // Only the program counts: "worker", "-c" and "x" are arguments or title words (-f finds them).
  CHECK_FALSE(name_matches(worker, "worker", false));
  CHECK_FALSE(name_matches(worker, "worker[3]", false));
  CHECK_FALSE(name_matches(worker, "-c", false));
  CHECK_FALSE(name_matches(worker, "unicorn worker", false));  // a name never spans words
  // Case matters, as in pgrep without -i.
  CHECK_FALSE(name_matches(worker, "Unicorn", false));

  // A path as first word: only its last part is the program. psql started by Debian as
  // /usr/lib/postgresql/15/bin/psql is not a postgres process.
  const ProcessRecord psql = process(90, "psql", "/usr/lib/postgresql/15/bin/psql -U app");
  CHECK(name_matches(psql, "psql", false));
  CHECK_FALSE(name_matches(psql, "postgres", false));
  CHECK_FALSE(name_matches(psql, "lib", false));
  CHECK_FALSE(name_matches(psql, "bin", false));
  const ProcessRecord daemon = process(100, "alpha", "/usr/sbin/alpha -d --config /etc/beta");
  CHECK(name_matches(daemon, "alpha", false));
  CHECK_FALSE(name_matches(daemon, "sbin", false));
  CHECK_FALSE(name_matches(daemon, "beta", false));

  // comm is matched whole, spaces and all.
  const ProcessRecord spaced = process(5, "a) b\n(c", "");
  CHECK(name_matches(spaced, ") b", false));
  CHECK(name_matches(spaced, "\n(c", false));

  // No cmdline (kernel thread): comm only.
  CHECK(name_matches(kernel_thread(2), "kthread", false));
  CHECK_FALSE(name_matches(kernel_thread(2), "[", false));
}

TEST_CASE("name_matches: titles and login shells name their program", "[selector]") {
  CHECK(name_matches(process(1, "postgres", "postgres: 15/main: checkpointer "), "postgres", true));
  CHECK(name_matches(process(2, "nginx", "nginx: worker process"), "nginx", true));
  // php-fpm's comm is "php-fpm8.2"; its title's program is php-fpm.
  const ProcessRecord fpm = process(3, "php-fpm8.2", "php-fpm: pool www");
  CHECK(name_matches(fpm, "php-fpm", true));
  CHECK(name_matches(fpm, "php-fpm8.2", true));
  CHECK_FALSE(name_matches(fpm, "php", true));  // -x: whole names only
  CHECK(name_matches(fpm, "php", false));
  CHECK(name_matches(process(4, "bash", "-bash"), "bash", true));
  // -x compares with comm or the program, never with a part.
  const ProcessRecord worker = process(601, "ruby", "unicorn worker[3] -c x");
  CHECK(name_matches(worker, "unicorn", true));
  CHECK(name_matches(worker, "ruby", true));
  CHECK_FALSE(name_matches(worker, "unicor", true));
}

TEST_CASE("command_matches: anywhere in the command line (pgrep -f)", "[selector]") {
  const ProcessRecord ckpt = process(1, "postgres", "postgres: 15/main: checkpointer");
  CHECK(command_matches(ckpt, "checkpointer", false));
  CHECK(command_matches(ckpt, "15/main", false));
  CHECK_FALSE(command_matches(ckpt, "walwriter", false));
  const ProcessRecord worker = process(601, "ruby", "unicorn worker[1] -c x");
  CHECK(command_matches(worker, "worker[1]", false));  // plain text: no regex, [ is a bracket
  CHECK_FALSE(command_matches(worker, "worker[2]", false));
  CHECK(command_matches(process(3, "php-fpm8.2", "php-fpm: pool www"), "pool www", false));
  // -x: the whole command line.
  CHECK(command_matches(worker, "unicorn worker[1] -c x", true));
  CHECK_FALSE(command_matches(worker, "worker[1]", true));
}

TEST_CASE("program_of_cmdline: argv[0]'s first word, without directory, '-' or ':'", "[selector]") {
  using memwho::program_of_cmdline;
  using namespace std::string_view_literals;
  CHECK(program_of_cmdline("/usr/lib/postgresql/15/bin/psql\0-U\0app"sv) == "psql");
  CHECK(program_of_cmdline("postgres: 15/main: checkpointer "sv) == "postgres");
  CHECK(program_of_cmdline("nginx: master process /usr/sbin/nginx"sv) == "nginx");
  CHECK(program_of_cmdline("unicorn worker[3] -c x"sv) == "unicorn");
  CHECK(program_of_cmdline("-bash"sv) == "bash");
  CHECK(program_of_cmdline("/usr/bin/python3\0/usr/bin/smem"sv) == "python3");
  CHECK(program_of_cmdline(""sv).empty());
  CHECK(program_of_cmdline("\0hidden"sv).empty());
  CHECK(program_of_cmdline("/usr/bin/"sv).empty());
  // Only ' ' and NUL end the first word: a tab inside argv[0] is part of it.
  CHECK(program_of_cmdline("a\tb c"sv) == "a\tb");
}

TEST_CASE("parse_cmdline: command for display, program for matching", "[selector]") {
  using namespace std::string_view_literals;
  const auto c = memwho::parse_cmdline("/usr/sbin/nginx\0-g\0daemon off;\0\0"sv);
  CHECK(c.command == "/usr/sbin/nginx -g daemon off;");
  CHECK(c.program == "nginx");
  const auto t = memwho::parse_cmdline("unicorn worker[0] -c /etc/unicorn.rb\0\0\0"sv);
  CHECK(t.command == "unicorn worker[0] -c /etc/unicorn.rb");
  CHECK(t.program == "unicorn");
}

TEST_CASE("selector: -f and -x", "[selector]") {
  Selector s;
  s.commands = {"checkpointer"};
  CHECK(s.matches(process(1, "postgres", "postgres: 15/main: checkpointer")));
  CHECK_FALSE(s.matches(process(2, "postgres", "postgres: 15/main: walwriter")));
  // -n and -f are different kinds: both must match.
  s.names = {"postgres"};
  CHECK(s.matches(process(1, "postgres", "postgres: 15/main: checkpointer")));
  CHECK_FALSE(s.matches(process(3, "psql", "/usr/bin/psql -c checkpointer")));
  Selector x;
  x.names = {"post"};
  CHECK(x.matches(process(1, "postgres", "postgres: x")));
  x.exact = true;
  CHECK_FALSE(x.matches(process(1, "postgres", "postgres: x")));
  x.names = {"postgres"};
  CHECK(x.matches(process(1, "postgres", "postgres: x")));
  CHECK(x.needs_cmdline());
  CHECK_FALSE(Selector{}.needs_cmdline());
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
