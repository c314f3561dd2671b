#pragma once
#include <cstdint>
#include <string>

namespace memwho {

/// A KiB count in binary human units: "940 KiB", "180.2 MiB", "1.5 GiB", "2.0 TiB".
std::string human_kib(std::uint64_t kib);

/// The same in at most 7 characters, for narrow terminals: "0", "940K", "180.2M", "1.5G"
/// (binary units, like top and htop).
std::string compact_kib(std::uint64_t kib);

/// A change of a size with its sign: "+940 KiB", "-180.2 MiB"; no change is "0".
std::string human_change_kib(std::int64_t kib);

/// The same in compact units: "+940K", "-180.2M", "0".
std::string compact_change_kib(std::int64_t kib);

}  // namespace memwho
