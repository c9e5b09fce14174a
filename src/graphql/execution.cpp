#include "graphql/execution.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

#include "graphql/introspection.hpp"
#include "graphql/merging.hpp"
#include "graphql/parser.hpp"
#include "graphql/values.hpp"

namespace mercado::graphql {
namespace {

namespace json = boost::json;

// Where a value sits in the response: its parent's path and its key or index.
struct PathNode {
  const PathNode* up;
  std::string_view key;
  std::int64_t index;  // -1 for a key
};

json::array path_array(const PathNode* node) {
  std::vector<const PathNode*> nodes;
  for (; node; node = node->up) nodes.push_back(node);
  json::array path;
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    if ((*it)->index < 0) {
      path.emplace_back((*it)->key);
    } else {
      path.emplace_back((*it)->index);
    }
  }
  return path;
}

json::array locations_array(const std::vector<SourceLocation>& locations) {
  json::array array;
  for (const auto& location : locations) {
    array.push_back(json::object{{"line", location.line}, {"column", location.column}});
  }
  return array;
}

// A place in the response a value is written to. A non-null one that gets no value makes its
// nearest nullable ancestor null (6.4.4); that is applied once everything has run, innermost
// first, so no pointer into the response is left dangling while fields still run.
struct Slot {
  json::value* value;
  bool nullable;
  Slot* up;
  std::size_t order;  // made after every slot with a smaller one
  bool failed = false;
};

// An object whose selection set is still to run.
struct Item {
  const json::value* source;
  json::object* out;
  const PathNode* path;
  Slot* slot;
};

class Executor {
 public:
  Executor(const Schema& schema, Resolver& resolver, const Prepared& request)
      : schema_(schema), resolver_(resolver), request_(request) {}

  boost::asio::awaitable<json::object> run() {
    const Operation& operation = request_.chosen();
    serial_ = operation.type == OperationType::kMutation;
    const NamedType& root = serial_ ? *schema_.mutation_type() : schema_.query_type();
    json::value data = json::object();
    const json::value root_source = json::object();
    std::vector<Item> items = {
        {&root_source, &data.as_object(), nullptr, slot(&data, true, nullptr)}};
    const std::vector<const SelectionSet*> sets = {&operation.selection_set};
    co_await run_level(root, sets, items);
    // Innermost first: a slot is made after the slot that holds it.
    std::sort(failed_.begin(), failed_.end(),
              [](const Slot* a, const Slot* b) { return a->order > b->order; });
    for (const Slot* failed : failed_) *failed->value = nullptr;
    json::object response;
    if (!errors_.empty()) response["errors"] = std::move(errors_);
    response["data"] = std::move(data);
    co_return response;
  }

 private:
  boost::asio::awaitable<void> run_level(const NamedType& type,
                                         const std::vector<const SelectionSet*>& sets,
                                         std::vector<Item>& items);
  void complete(const FieldCall& call, const TypeRef& type, const json::value& value, Slot* at,
                const PathNode* path, const Selection& field, std::vector<Item>& next);
  bool serialize_leaf(const NamedType& type, const json::value& value, json::value& out);

  Slot* slot(json::value* value, bool nullable, Slot* up) {
    return &slots_.emplace_back(Slot{value, nullable, up, slots_.size(), false});
  }

  // The value at `slot` is missing: null where it may be, else its nearest nullable ancestor.
  void fail(Slot* at) {
    while (at && !at->nullable) at = at->up;
    if (at && !at->failed) {
      at->failed = true;
      failed_.push_back(at);
    }
  }

  // At the field, unless `at` names the nodes concerned (an argument's value).
  void error(std::string message, const Selection& field, const PathNode* path,
             json::object extensions, const std::vector<SourceLocation>& at = {}) {
    json::object entry{
        {"message", std::move(message)},
        {"locations", locations_array(at.empty() ? std::vector{field.location} : at)},
        {"path", path_array(path)}};
    if (!extensions.contains("code")) extensions["code"] = "INTERNAL_SERVER_ERROR";
    entry["extensions"] = std::move(extensions);
    errors_.push_back(std::move(entry));
  }

  const Schema& schema_;
  Resolver& resolver_;
  const Prepared& request_;
  std::deque<Slot> slots_;
  std::deque<PathNode> paths_;
  std::vector<Slot*> failed_;
  // A mutation's root fields run one after another (6.2.2), and stop once one has made the
  // whole answer null: what follows would change data nobody is told about.
  bool serial_ = false;
  json::array errors_;
};

boost::asio::awaitable<void> Executor::run_level(const NamedType& type,
                                                 const std::vector<const SelectionSet*>& sets,
                                                 std::vector<Item>& items) {
  const auto groups = collect_fields(request_.document, type, sets, &request_.variables);
  // Every key is made before any value is written, so the slots stay where they are.
  for (const Item& item : items) {
    item.out->reserve(groups.size());
    for (const auto& group : groups) item.out->emplace(group.key, nullptr);
  }
  for (const auto& group : groups) {
    const bool at_root = items.size() == 1 && items.front().path == nullptr;
    if (serial_ && at_root && items.front().slot->failed) break;
    const Selection& field = *group.fields.front();
    const FieldDefinition& definition = *schema_.field_of(type, field.name);
    std::vector<PathNode*> paths;
    for (const Item& item : items)
      paths.push_back(&paths_.emplace_back(PathNode{item.path, group.key, -1}));
    json::object arguments;
    if (auto problem = coerce_arguments(schema_, definition.arguments, field.arguments,
                                        request_.variables, field.location, arguments)) {
      for (std::size_t i = 0; i < items.size(); ++i) {
        error(problem->message, field, paths[i], {{"code", "BAD_USER_INPUT"}}, problem->locations);
        fail(slot(&(*items[i].out)[group.key], definition.type.kind != TypeRef::Kind::kNonNull,
                  items[i].slot));
      }
      continue;
    }
    const FieldCall call{type, definition, arguments, group.key};
    std::vector<FieldResult> results;
    if (field.name == "__typename") {
      results.assign(items.size(), FieldResult{json::value(type.name), std::nullopt});
    } else if (is_introspection_field(schema_, type, definition)) {
      for (const Item& item : items) {
        results.push_back(
            {resolve_introspection(schema_, type, definition, arguments, *item.source),
             std::nullopt});
      }
    } else if (resolver_.resolves(type, definition)) {
      std::vector<const json::value*> sources;
      for (const Item& item : items) sources.push_back(item.source);
      results = co_await resolver_.resolve(call, sources);
    }
    std::vector<Item> next;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const json::value* value = nullptr;
      if (!results.empty()) {
        if (results[i].error) {
          error(results[i].error->message, field, paths[i], results[i].error->extensions);
          fail(slot(&(*items[i].out)[group.key], definition.type.kind != TypeRef::Kind::kNonNull,
                    items[i].slot));
          continue;
        }
        value = &results[i].value;
      } else if (items[i].source->is_object()) {
        value = items[i].source->as_object().if_contains(definition.name);
      }
      static const json::value kNull;
      Slot* at = slot(&(*items[i].out)[group.key], definition.type.kind != TypeRef::Kind::kNonNull,
                      items[i].slot);
      complete(call, definition.type, value ? *value : kNull, at, paths[i], field, next);
    }
    if (next.empty()) continue;
    std::vector<const SelectionSet*> child_sets;
    for (const Selection* merged : group.fields) child_sets.push_back(&merged->selection_set);
    co_await run_level(*schema_.type(named_type(definition.type)), child_sets, next);
  }
}

void Executor::complete(const FieldCall& call, const TypeRef& type, const json::value& value,
                        Slot* at, const PathNode* path, const Selection& field,
                        std::vector<Item>& next) {
  const std::string where = call.parent.name + "." + call.definition.name;
  if (type.kind == TypeRef::Kind::kNonNull) {
    if (value.is_null()) {
      error("Cannot return null for non-nullable field " + where + ".", field, path, {});
      fail(at);
      return;
    }
    complete(call, *type.of, value, at, path, field, next);
    return;
  }
  if (value.is_null()) {
    *at->value = nullptr;
    return;
  }
  if (type.kind == TypeRef::Kind::kList) {
    if (!value.is_array()) {
      error("Expected Iterable, but did not find one for field \"" + where + "\".", field, path,
            {});
      fail(at);
      return;
    }
    const json::array& values = value.get_array();
    json::array& out = at->value->emplace_array();
    out.resize(values.size());
    const bool nullable = type.of->kind != TypeRef::Kind::kNonNull;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const PathNode* item_path =
          &paths_.emplace_back(PathNode{path, {}, static_cast<std::int64_t>(i)});
      complete(call, *type.of, values[i], slot(&out[i], nullable, at), item_path, field, next);
    }
    return;
  }
  const NamedType& named = *schema_.type(type.name);
  if (named.kind == TypeKind::kObject) {
    if (!value.is_object()) {
      error("Expected an object for field \"" + where + "\".", field, path, {});
      fail(at);
      return;
    }
    next.push_back({&value, &at->value->emplace_object(), path, at});
    return;
  }
  if (!serialize_leaf(named, value, *at->value)) {
    error(named.name + " cannot represent value: " + print(value), field, path, {});
    fail(at);
  }
}

// Result coercion (3.5): what a resolver gave, as the scalar or enum the schema promises.
bool Executor::serialize_leaf(const NamedType& type, const json::value& value, json::value& out) {
  const std::string& name = type.name;
  if (type.kind == TypeKind::kEnum) {
    if (!value.is_string() || !type.has_enum_value(value.get_string())) return false;
    out = value;
  } else if (name == "Int") {
    if (value.is_int64() && value.get_int64() >= INT32_MIN && value.get_int64() <= INT32_MAX) {
      out = value;
    } else if (value.is_double() && std::trunc(value.get_double()) == value.get_double() &&
               std::abs(value.get_double()) <= INT32_MAX) {
      out = static_cast<std::int64_t>(value.get_double());
    } else {
      return false;
    }
  } else if (name == "Float") {
    if (!value.is_number()) return false;
    out = value;
  } else if (name == "Boolean") {
    if (!value.is_bool()) return false;
    out = value;
  } else if (name == "ID" || name == "String") {
    if (value.is_string()) {
      out = value;
    } else if (value.is_int64() || value.is_uint64()) {
      out = print(value);
    } else {
      return false;
    }
  } else {  // custom scalars (DateTime) are strings
    if (!value.is_string()) return false;
    out = value;
  }
  return true;
}

}  // namespace

std::variant<Prepared, RequestErrors> prepare(const Schema& schema, std::string_view text,
                                              std::string_view operation_name,
                                              const json::object& variables, const Limits& limits) {
  auto parsed = parse(text);
  if (auto* syntax = std::get_if<SyntaxError>(&parsed)) {
    return RequestErrors{{syntax->message, {syntax->location}, "GRAPHQL_PARSE_FAILED"}};
  }
  Prepared prepared{std::move(std::get<Document>(parsed)), 0, {}};
  auto errors = validate(schema, prepared.document, limits);
  if (!errors.empty()) return errors;
  const auto& operations = prepared.document.operations;
  if (operations.empty()) {
    return RequestErrors{{"Must provide an operation.", {}, "BAD_USER_INPUT"}};
  }
  if (operation_name.empty()) {
    if (operations.size() > 1) {
      return RequestErrors{{"Must provide operation name if query contains multiple operations.",
                            {},
                            "BAD_USER_INPUT"}};
    }
  } else {
    const auto named = std::find_if(operations.begin(), operations.end(),
                                    [&](const Operation& o) { return o.name == operation_name; });
    if (named == operations.end()) {
      return RequestErrors{{"Unknown operation named \"" + std::string(operation_name) + "\".",
                            {},
                            "BAD_USER_INPUT"}};
    }
    prepared.operation = static_cast<std::size_t>(named - operations.begin());
  }
  if (auto problems = coerce_variables(schema, prepared.chosen(), variables, prepared.variables);
      !problems.empty()) {
    RequestErrors errors;
    for (auto& problem : problems) {
      errors.push_back(
          {std::move(problem.message), std::move(problem.locations), "BAD_USER_INPUT"});
    }
    return errors;
  }
  return prepared;
}

boost::asio::awaitable<json::object> execute(const Schema& schema, Resolver& resolver,
                                             const Prepared& request) {
  Executor executor(schema, resolver, request);
  auto response = co_await executor.run();
  co_return response;
}

json::object error_response(const RequestErrors& errors) {
  json::array entries;
  for (const auto& error : errors) {
    json::object entry{{"message", error.message}};
    if (!error.locations.empty()) entry["locations"] = locations_array(error.locations);
    entry["extensions"] = json::object{{"code", error.code}};
    entries.push_back(std::move(entry));
  }
  return json::object{{"errors", std::move(entries)}};
}

}  // namespace mercado::graphql
