// Side tables as JSON lines, written next to the member file.
#pragma once

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "hoso/dossier.h"

namespace hoso::jsonl_sink {

// `<dir>/<stem>.<table>.jsonl` for members written to `<dir>/<stem>.jsonl`.
// Throws std::invalid_argument when the table name is not [a-z][a-z0-9_]*:
// it becomes part of a path, so "../x" must never get through.
std::filesystem::path TablePath(const std::filesystem::path& members_path, const SideTable& table);

// Row `index` of `table` as an object keyed by column names, in column order.
// Missing trailing cells are null; surplus cells throw std::invalid_argument.
nlohmann::ordered_json TableRowToJson(const SideTable& table, size_t index);

}  // namespace hoso::jsonl_sink
