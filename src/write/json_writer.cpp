// JSON, one document per run (docs/output-formats.md has the schema):
//
//   {"schema_version": 1, "host": ..., "time": ..., "view": "processes",
//    "units": {"sizes": "bytes"}, "columns": [{"key", "title", "kind", "sums"}...],
//    "rows": [{key: value...}...], "totals": {key: bytes...}, "totals_unknown": {key: n...},
//    "notes": [{"code", "text"}...], "problems": [{"code", "pid", "text"}...]}
//
// --maps puts one entry a process under "processes" instead of "rows": {"pid", "name",
// "command", "complete", "mappings": [...], "totals": {...}, "notes": [...]}.
//
// Rows stream: each is built and dumped on its own, so a 20,000-mapping listing never sits in
// memory as one tree. Sizes are integers in bytes, unknown values null. Text that is valid
// UTF-8 is kept as it is (control characters become \u escapes); text that is not keeps its
// valid parts with U+FFFD for each bad byte, and a sibling "<key>_escaped" holds it escaped the
// memwho way (\xHH, \\), which gives the exact bytes back.
#include <limits>
#include <nlohmann/json.hpp>

#include "memwho/write/cell_text.hpp"
#include "memwho/write/escape.hpp"
#include "memwho/write/writer.hpp"
#include "writers.hpp"

namespace memwho {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kSchemaVersion = 1;

std::string dump(const Json& j) {
  return json_terminal_safe(j.dump(-1, ' ', false, Json::error_handler_t::replace));
}

std::string_view kind_name(ValueKind k) {
  switch (k) {
    case ValueKind::size:
      return "size";
    case ValueKind::size_change:
      return "size_change";
    case ValueKind::number:
      return "number";
    case ValueKind::text:
      break;
  }
  return "text";
}

/// A cell as JSON: sizes and changes (signed) in bytes, null when unknown (or beyond 64 bits in
/// bytes).
Json value_of(const Cell& cell) {
  if (const auto* size = std::get_if<SizeKib>(&cell)) {
    if (size->at_least || size->kib > (std::numeric_limits<std::uint64_t>::max() >> 10)) {
      return nullptr;
    }
    return size->kib * 1024;
  }
  if (const auto* n = std::get_if<std::int64_t>(&cell)) return *n;
  if (const auto* change = std::get_if<SizeChangeKib>(&cell)) {
    if (const auto b = change_bytes(change->kib)) return *b;
    return nullptr;
  }
  if (const auto* s = std::get_if<std::string_view>(&cell)) return std::string(*s);
  return nullptr;
}

/// A lower bound (a sum over the members that could be read) as obj[KEY_at_least], in bytes;
/// the value itself stays null.
void put_bound(Json& obj, std::string_view key, const Cell& cell) {
  const auto* size = std::get_if<SizeKib>(&cell);
  if (size == nullptr || !size->at_least) return;
  if (size->kib > (std::numeric_limits<std::uint64_t>::max() >> 10)) return;
  obj[std::string(key) + "_at_least"] = size->kib * 1024;
}

/// Sets obj[key] to text; text that is not UTF-8 also gets obj[key + "_escaped"].
void put_text(Json& obj, std::string_view key, std::string_view text) {
  obj[std::string(key)] = std::string(text);
  if (!is_valid_utf8(text)) obj[std::string(key) + "_escaped"] = escaped(text);
}

Json notes_json(std::span<const Note> notes, NoteKind kind) {
  Json list = Json::array();
  for (const Note& n : notes) {
    if (n.kind != kind) continue;
    Json j = Json::object();
    j["code"] = n.code;
    if (n.pid) j["pid"] = *n.pid;
    put_text(j, "text", n.text);
    list.push_back(std::move(j));
  }
  return list;
}

/// {"exact", "processes", "bytes" (exact only), "low", "high", "anon", "swap", "objects",
/// "file_cached", "shared_outside", "why_bounds"}: bytes, null when unknown.
Json frees_json(const SelectionFrees& f) {
  const auto bytes = [](const std::optional<std::uint64_t>& kib) -> Json {
    if (!kib || *kib > (std::numeric_limits<std::uint64_t>::max() >> 10)) return nullptr;
    return *kib * 1024;
  };
  Json j = Json::object();
  j["exact"] = f.exact;
  j["processes"] = f.processes;
  if (f.exact) j["bytes"] = bytes(f.kib);
  j["low"] = bytes(f.low);
  j["high"] = bytes(f.high);
  j["anon"] = bytes(f.anon);
  j["swap"] = bytes(f.swap);
  j["objects"] = bytes(f.objects);
  j["objects_count"] = f.objects_count;
  j["file_cached"] = bytes(f.file_cached);
  j["shared_outside"] = bytes(f.shared_outside);
  if (!f.exact) j["why_bounds"] = f.why_bounds;
  if (f.assumed_objects > 0) {
    j["assumes_unread_pids_hold_none"] = f.unseen;
    j["assumed_objects"] = f.assumed_objects;
  }
  return j;
}

/// A tree a diff compares: {"name", "kind", "host", "time", "kernel", "boot_id"}, null where
/// the tree does not say.
Json source_json(const SourceInfo& s) {
  Json j = Json::object();
  put_text(j, "name", s.name);
  j["kind"] = s.kind;
  for (const auto& [key, value] :
       {std::pair{"host", &s.host}, std::pair{"time", &s.time}, std::pair{"kernel", &s.kernel},
        std::pair{"boot_id", &s.boot_id}}) {
    if (value->empty()) {
      j[key] = nullptr;
    } else {
      put_text(j, key, *value);
    }
  }
  return j;
}

class JsonWriter final : public ReportWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin(const ViewInfo& view) override {
    view_ = view;
    Json head = Json::object();
    head["schema_version"] = kSchemaVersion;
    put_text(head, "host", view.host);
    head["time"] = view.time;
    if (view.captured) {
      head["captured"] = true;
      put_text(head, "kernel", view.kernel);
    }
    head["view"] = view.name;
    head["units"] = {{"sizes", "bytes"}};
    for (const SourceInfo& source : view.sources) head[source.side] = source_json(source);
    Json cols = Json::array();
    for (const ColumnMeta* c : view.columns) {
      cols.push_back(Json{{"key", c->key},
                          {"title", c->title},
                          {"kind", kind_name(c->kind)},
                          {"sums", c->sums},
                          {"description", c->description}});
    }
    head["columns"] = std::move(cols);
    std::string text = dump(head);
    text.pop_back();  // the closing brace: the rows follow
    out_ += text;
    out_ += view.blocks_are_processes ? ",\"processes\":[" : ",\"rows\":[";
  }

  void begin_block(const BlockInfo& block) override {
    first_row_ = true;
    if (!view_.blocks_are_processes) return;
    if (blocks_++ > 0) out_ += ',';
    Json head = Json::object();
    if (block.pid) head["pid"] = *block.pid;
    put_text(head, "name", block.name);
    put_text(head, "command", block.command);
    std::string text = dump(head);
    text.pop_back();
    out_ += text;
    out_ += ",\"";
    out_ += view_.block_rows;
    out_ += "\":[";
  }

  void row(std::span<const Cell> cells, std::span<const Label>) override {
    Json obj = Json::object();
    for (std::size_t i = 0; i < cells.size() && i < view_.columns.size(); ++i) {
      const std::string_view key = view_.columns[i]->key;
      if (const auto* s = std::get_if<std::string_view>(&cells[i])) {
        put_text(obj, key, *s);
      } else {
        obj[std::string(key)] = value_of(cells[i]);
        put_bound(obj, key, cells[i]);
      }
    }
    if (!first_row_) out_ += ',';
    first_row_ = false;
    out_ += dump(obj);
  }

  void end_block(const BlockEnd& end) override {
    Json totals = Json::object(), unknown = Json::object();
    if (end.show_totals && end.complete) {
      for (std::size_t i = 0; i < end.totals.size() && i < view_.columns.size(); ++i) {
        const ColumnMeta& c = *view_.columns[i];
        if (!c.sums) continue;
        const Cell total = end.totals[i].cell(c.kind);
        totals[std::string(c.key)] = value_of(total);
        put_bound(totals, c.key, total);
        if (end.totals[i].unknown > 0) unknown[std::string(c.key)] = end.totals[i].unknown;
      }
    }
    Json tail = Json::object();
    if (view_.blocks_are_processes) tail["complete"] = end.complete;
    tail["totals"] = std::move(totals);
    tail["totals_unknown"] = std::move(unknown);
    tail["notes"] = notes_json(end.notes, NoteKind::footer);
    if (end.frees) tail["frees"] = frees_json(*end.frees);
    std::string text = dump(tail);
    text.front() = ',';
    out_ += ']';
    if (view_.blocks_are_processes) {
      out_ += text;  // closes the process's object
    } else {
      text.pop_back();
      block_tail_ = std::move(text);  // the document's totals and notes, after the rows
    }
  }

  void end(std::span<const Note> notes) override {
    if (view_.blocks_are_processes) {
      out_ += ']';
    } else if (block_tail_.empty()) {
      out_ += "],\"totals\":{},\"totals_unknown\":{},\"notes\":[]";  // no block at all
    } else {
      out_ += block_tail_;
    }
    Json tail = Json::object();
    if (view_.blocks_are_processes) tail["notes"] = notes_json(notes, NoteKind::footer);
    tail["problems"] = notes_json(notes, NoteKind::diagnostic);
    std::string text = dump(tail);
    text.front() = ',';
    out_ += text;
    out_ += '\n';
  }

 private:
  std::string& out_;
  ViewInfo view_;
  bool first_row_ = true;
  std::size_t blocks_ = 0;
  std::string block_tail_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_json_writer(std::string& out) {
  return std::make_unique<JsonWriter>(out);
}

}  // namespace memwho
