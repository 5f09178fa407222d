#pragma once
/// Admits at most N computed searches at a time, in the order they arrived; the others wait.
///
/// Why (docs/BENCHMARKS.md §14): with one Poco thread per connection, 128 clients asking for
/// searches not in the answer cache all compute at once on 2 cores; every search then takes 64
/// times longer than alone, and a slow one (a rare phrase) seconds. Admitted a few per core in
/// arrival order, each search runs at nearly full speed and waits only for those ahead of it: the
/// same throughput, a much shorter tail. A request waiting here holds no reader or lock of the engine,
/// so the gate cannot deadlock with the engine's own locking.
#include <condition_variable>
#include <deque>
#include <mutex>

namespace kr::http {

class SearchGate {
 public:
  /// `slots` searches at a time; 0 admits everything at once (no gate).
  explicit SearchGate(int slots) : slots_(slots) {}

  /// Held while a search runs: the slot is given back when it goes.
  class Pass {
   public:
    explicit Pass(SearchGate* gate) : gate_(gate) {}
    Pass(Pass&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    Pass& operator=(Pass&&) = delete;
    ~Pass() {
      if (gate_) gate_->leave();
    }

   private:
    SearchGate* gate_;
  };

  /// Waits for a slot, behind every caller that arrived earlier.
  Pass enter();

  /// Slots (0: no gate); searches running / waiting now (for /metrics and tests).
  int slots() const { return slots_; }
  int running() const;
  int waiting() const;

 private:
  void leave();

  /// A caller waiting for a slot; woken alone when a leaving search hands its slot over (waking
  /// every waiter on each change cost a third of the throughput at 128 connections).
  struct Waiter {
    std::condition_variable admitted_cv;
    bool admitted = false;
  };

  const int slots_;
  mutable std::mutex mutex_;
  std::deque<Waiter*> queue_;  ///< in arrival order
  int running_ = 0;
};

}  // namespace kr::http
