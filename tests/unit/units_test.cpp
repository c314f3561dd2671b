// Tests of human_kib(): binary units with one decimal, never a "1024.0" of the smaller unit.
#include "memwho/write/units.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <string>

using memwho::human_kib;

namespace {

constexpr std::uint64_t kMiB = 1024;
constexpr std::uint64_t kGiB = 1024 * kMiB;
constexpr std::uint64_t kTiB = 1024 * kGiB;
constexpr std::uint64_t kPiB = 1024 * kTiB;

}  // namespace

TEST_CASE("human_kib: KiB below 1024, as integers", "[units]") {
  CHECK(human_kib(0) == "0 KiB");
  CHECK(human_kib(1) == "1 KiB");
  CHECK(human_kib(4) == "4 KiB");
  CHECK(human_kib(940) == "940 KiB");
  CHECK(human_kib(1023) == "1023 KiB");
}

TEST_CASE("human_kib: unit boundaries", "[units]") {
  CHECK(human_kib(1024) == "1.0 MiB");
  CHECK(human_kib(1075) == "1.0 MiB");  // 1.0498
  CHECK(human_kib(1076) == "1.1 MiB");  // 1.0508
  CHECK(human_kib(1536) == "1.5 MiB");
  CHECK(human_kib(184525) == "180.2 MiB");
  CHECK(human_kib(1023 * kMiB) == "1023.0 MiB");
  CHECK(human_kib(1048524) == "1023.9 MiB");  // 1023.949 MiB
  // 1023.95 MiB and above would print as "1024.0 MiB": it must move up to GiB.
  CHECK(human_kib(1048525) == "1.0 GiB");
  CHECK(human_kib(1048575) == "1.0 GiB");
  CHECK(human_kib(kGiB) == "1.0 GiB");
  CHECK(human_kib(kGiB + kGiB / 2) == "1.5 GiB");
  CHECK(human_kib(kTiB - 1) == "1.0 TiB");
  CHECK(human_kib(kTiB) == "1.0 TiB");
  CHECK(human_kib(2 * kTiB) == "2.0 TiB");
  CHECK(human_kib(128 * kTiB) == "128.0 TiB");
  CHECK(human_kib(kPiB - 1) == "1.0 PiB");
  CHECK(human_kib(kPiB) == "1.0 PiB");
  // PiB is the largest unit: beyond it the number grows.
  CHECK(human_kib(2048 * kPiB) == "2048.0 PiB");
  CHECK(human_kib(std::numeric_limits<std::uint64_t>::max()) == "16777216.0 PiB");
}

TEST_CASE("human_kib: never prints 1024.0 of a unit below PiB", "[units]") {
  // Protects: the rounding edge just below every unit boundary, on both sides.
  for (const std::uint64_t unit : {kMiB, kGiB, kTiB}) {  // PiB has no unit above it
    const std::uint64_t boundary = unit * 1024;          // one of the next unit
    const std::uint64_t lo = boundary - boundary / 1000;
    const std::uint64_t step = std::max<std::uint64_t>(1, (boundary / 1000) / 5000);
    for (std::uint64_t kib = lo; kib <= boundary + boundary / 1000; kib += step) {
      const std::string s = human_kib(kib);
      if (s.rfind("1024.0 ", 0) == 0) FAIL(kib << " -> " << s);
    }
  }
}

TEST_CASE("human_kib: monotonic in value within each unit", "[units]") {
  // Protects: a bigger size never prints as a smaller number of the same unit.
  double last = -1;
  std::string last_unit;
  for (std::uint64_t kib = 1024; kib < 4 * kGiB; kib = kib * 21 / 20 + 1) {
    const std::string s = human_kib(kib);
    const double v = std::stod(s);
    const std::string unit = s.substr(s.find(' ') + 1);
    if (unit == last_unit) CHECK(v >= last);
    last = v;
    last_unit = unit;
  }
}
