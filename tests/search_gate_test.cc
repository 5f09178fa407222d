// kr-server's search gate: at most N computed searches at a time, admitted in arrival order, and
// no gate at all with 0 slots.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "server/http/search_gate.h"

using kr::http::SearchGate;
using namespace std::chrono_literals;

namespace {

/// Waits (up to 10 s) until `ready` holds.
template <class Ready>
bool eventually(Ready ready) {
  for (int i = 0; i < 10000 && !ready(); ++i) std::this_thread::sleep_for(1ms);
  return ready();
}

}  // namespace

TEST_CASE("the search gate runs at most its slots at a time") {
  SearchGate gate(2);
  std::atomic<int> inside{0}, most{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i)
    threads.emplace_back([&] {
      auto pass = gate.enter();
      int now = ++inside;
      for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
      }
      std::this_thread::sleep_for(5ms);
      --inside;
    });
  for (auto& t : threads) t.join();
  CHECK(most.load() == 2);
  CHECK(gate.running() == 0);
  CHECK(gate.waiting() == 0);
}

TEST_CASE("the search gate admits waiting searches in the order they arrived") {
  SearchGate gate(1);
  std::optional<SearchGate::Pass> held(gate.enter());
  std::mutex m;
  std::vector<char> order;
  auto search = [&](char name) {
    return std::thread([&, name] {
      auto pass = gate.enter();
      std::lock_guard<std::mutex> lock(m);
      order.push_back(name);
    });
  };
  std::thread a = search('a');
  REQUIRE(eventually([&] { return gate.waiting() == 1; }));
  std::thread b = search('b');
  REQUIRE(eventually([&] { return gate.waiting() == 2; }));
  std::thread c = search('c');
  REQUIRE(eventually([&] { return gate.waiting() == 3; }));
  CHECK(gate.running() == 1);
  held.reset();  // the slot is free: a, then b, then c
  a.join();
  b.join();
  c.join();
  CHECK(order == std::vector<char>{'a', 'b', 'c'});
}

TEST_CASE("a search gate of 0 slots lets everything through at once") {
  SearchGate gate(0);
  std::vector<SearchGate::Pass> passes;
  for (int i = 0; i < 100; ++i) passes.push_back(gate.enter());
  CHECK(gate.waiting() == 0);
}
