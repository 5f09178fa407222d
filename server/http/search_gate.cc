#include "server/http/search_gate.h"

namespace kr::http {

SearchGate::Pass SearchGate::enter() {
  if (slots_ <= 0) return Pass(nullptr);
  std::unique_lock<std::mutex> lock(mutex_);
  if (queue_.empty() && running_ < slots_) {
    ++running_;
    return Pass(this);
  }
  Waiter me;
  queue_.push_back(&me);
  me.admitted_cv.wait(lock, [&] { return me.admitted; });
  return Pass(this);  // the slot was handed over by leave(): running_ already counts it
}

void SearchGate::leave() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (queue_.empty()) {
    --running_;
    return;
  }
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->admitted = true;
  next->admitted_cv.notify_one();  // under the lock: `next` lives until it has seen `admitted`
}

int SearchGate::running() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return running_;
}

int SearchGate::waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(queue_.size());
}

}  // namespace kr::http
