#pragma once
// Text of the proc files a fake tree holds, in the kernel's formats, with sizes chosen by the
// test: status, stat, smaps (one-page-of-anon mappings) and smaps_rollup.
#include <cstdio>
#include <string>

#include "fake_proc_source.hpp"

namespace memwho::test {

inline std::string status(int pid, const char* state = "S (sleeping)", bool mm = true,
                          int threads = 1, int tgid = 0) {
  std::string s = "Name:\tapp\nUmask:\t0022\nState:\t" + std::string(state) + "\nTgid:\t" +
                  std::to_string(tgid ? tgid : pid) + "\nPid:\t" + std::to_string(pid) +
                  "\nPPid:\t1\nUid:\t0\t0\t0\t0\n";
  if (mm) {
    s += "VmSize:\t    8192 kB\nVmRSS:\t    2048 kB\nRssAnon:\t    1024 kB\n"
         "RssFile:\t    1024 kB\nRssShmem:\t       0 kB\nVmSwap:\t       0 kB\n";
  }
  s += "Threads:\t" + std::to_string(threads) + "\n";
  return s;
}

inline std::string stat(int pid, unsigned long start) {
  return std::to_string(pid) + " (app) S 1 1 1 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 " +
         std::to_string(start) + " 8388608 512 18446744073709551615 0 0 0\n";
}

inline std::string mapping(unsigned long start, int rss) {
  char hdr[128];
  std::snprintf(hdr, sizeof hdr, "%012lx-%012lx rw-p 00000000 00:00 0 \n", start, start + 0x100000);
  std::string s = hdr;
  for (const char* key : {"Size", "Rss", "Pss", "Private_Dirty", "Anonymous"}) {
    char line[64];
    std::snprintf(line, sizeof line, "%-16s%8d kB\n", (std::string(key) + ":").c_str(),
                  std::string(key) == "Size" ? 1024 : rss);
    s += line;
  }
  return s + "VmFlags: rd wr mr mw me ac \n";
}

inline std::string smaps(int mappings, int rss = 4) {
  std::string s;
  for (int i = 0; i < mappings; ++i) s += mapping(0x7f0000000000ul + 0x200000ul * i, rss);
  return s;
}

inline std::string rollup(int pss) {
  return "7f0000000000-7fff00000000 ---p 00000000 00:00 0                          [rollup]\n"
         "Rss:                " +
         std::to_string(pss) + " kB\nPss:                " + std::to_string(pss) +
         " kB\nPrivate_Clean:         0 kB\nPrivate_Dirty:       " + std::to_string(pss) + " kB\n";
}

inline void add_process(FakeProcSource& fake, int pid, int mappings = 10,
                        unsigned long start = 1000) {
  const std::string d = std::to_string(pid) + "/";
  fake.add(d + "status", status(pid));
  fake.add(d + "stat", stat(pid, start));
  fake.add(d + "cmdline", std::string("app\0--serve\0", 12));
  fake.add(d + "smaps", smaps(mappings));
  fake.add(d + "smaps_rollup", rollup(4 * mappings));
}

}  // namespace memwho::test
