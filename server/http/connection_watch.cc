#include "server/http/connection_watch.h"

#include <sys/socket.h>

namespace kr::http {

ConnectionWatch::ConnectionWatch() : thread_([this] { run(); }) {}

ConnectionWatch::~ConnectionWatch() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ConnectionWatch::run() {
  std::unique_lock lock(mutex_);
  while (!quit_) {
    // A linear scan: there are at most max_threads connections in service at once.
    auto now = Clock::now();
    auto next = Clock::time_point::max();
    for (auto& [id, c] : connections_) {
      if (c.expired) continue;
      if (c.deadline <= now) {
        // Wakes the connection's thread from recv() or poll() with end-of-file; the thread
        // then ends the connection. The descriptor stays open until its Entry is gone.
        ::shutdown(c.fd, SHUT_RDWR);
        c.expired = true;
      } else if (c.deadline < next) {
        next = c.deadline;
      }
    }
    next_wake_ = next;
    if (next == Clock::time_point::max()) {
      wake_.wait(lock);
    } else {
      wake_.wait_until(lock, next);
    }
  }
}

void ConnectionWatch::stop_all() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  for (auto& [id, c] : connections_) ::shutdown(c.fd, SHUT_RDWR);
}

ConnectionWatch::Entry::Entry(ConnectionWatch& watch, int socket_fd) : watch_(watch) {
  std::lock_guard lock(watch_.mutex_);
  id_ = watch_.next_id_++;
  watch_.connections_[id_].fd = socket_fd;
  if (watch_.stopping_) ::shutdown(socket_fd, SHUT_RDWR);
}

ConnectionWatch::Entry::~Entry() {
  std::lock_guard lock(watch_.mutex_);
  watch_.connections_.erase(id_);
}

void ConnectionWatch::Entry::arm(Clock::time_point deadline) {
  bool earliest = false;
  {
    std::lock_guard lock(watch_.mutex_);
    watch_.connections_[id_].deadline = deadline;
    earliest = deadline < watch_.next_wake_;
  }
  // Only a deadline earlier than the watcher's next wake-up needs it now: under load, requests
  // arm and disarm thousands of times a second without waking it.
  if (earliest) watch_.wake_.notify_all();
}

void ConnectionWatch::Entry::disarm() {
  std::lock_guard lock(watch_.mutex_);
  watch_.connections_[id_].deadline = Clock::time_point::max();
}

bool ConnectionWatch::Entry::expired() const {
  std::lock_guard lock(watch_.mutex_);
  return watch_.connections_.at(id_).expired;
}

bool ConnectionWatch::Entry::stopped() const {
  std::lock_guard lock(watch_.mutex_);
  return watch_.stopping_;
}

}  // namespace kr::http
