#pragma once
/// Deadlines for the open connections of kr-server: a connection that has not sent a whole request
/// head (request line and headers) in time is shut down, however slowly its bytes trickle in.
/// Poco's socket timeout applies to each read only, so a client sending one byte every few seconds
/// would otherwise hold a worker thread for ever (slowloris). One watcher thread serves all
/// connections; a connection thread only takes a mutex to arm or disarm its deadline.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace kr::http {

class ConnectionWatch {
 public:
  using Clock = std::chrono::steady_clock;

  ConnectionWatch();
  ~ConnectionWatch();  ///< stops the watcher thread
  ConnectionWatch(const ConnectionWatch&) = delete;
  ConnectionWatch& operator=(const ConnectionWatch&) = delete;

  /// One open connection, registered for its lifetime. Its socket descriptor must stay open until
  /// the Entry is destroyed (the watcher may shut it down at any moment before that).
  class Entry {
   public:
    Entry(ConnectionWatch& watch, int socket_fd);
    ~Entry();
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;
    /// The socket is shut down (both directions) if disarm() is not called before `deadline`.
    void arm(Clock::time_point deadline);
    void disarm();
    /// True once the deadline passed and the socket was shut down for it.
    bool expired() const;
    /// True once stop_all() shut the socket down.
    bool stopped() const;

   private:
    ConnectionWatch& watch_;
    std::uint64_t id_;
  };

  /// Shuts down every registered socket now and every one registered later (server stop).
  void stop_all();

 private:
  struct Connection {
    int fd = -1;
    Clock::time_point deadline = Clock::time_point::max();
    bool expired = false;
  };
  void run();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::uint64_t, Connection> connections_;
  std::uint64_t next_id_ = 0;
  Clock::time_point next_wake_ = Clock::time_point::max();  ///< when the watcher wakes next
  bool stopping_ = false;                                   ///< stop_all() was called
  bool quit_ = false;                                       ///< the watcher thread must end
  std::thread thread_;
};

}  // namespace kr::http
