#pragma once
#include <cstdint>
#include <string>

namespace memwho {

/// A KiB count in binary human units: "940 KiB", "180.2 MiB", "1.5 GiB", "2.0 TiB".
std::string human_kib(std::uint64_t kib);

}  // namespace memwho
