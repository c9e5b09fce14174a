#include "storage/store.hpp"

#include <future>

namespace mercado::storage {

bool Store::write_now(const std::function<bool(StoreWriter&)>& run) {
  std::promise<bool> durable;
  auto result = durable.get_future();
  const bool queued = submit({
      .run = run,
      .done = [&durable](bool ok) { durable.set_value(ok); },
  });
  return queued && result.get();
}

}  // namespace mercado::storage
