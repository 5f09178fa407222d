#pragma once
/// Writes built documents into the index in a thread of its own, in the order they are given,
/// while the caller reads and builds the next records: on two cores a run then takes about as
/// long as Xapian's writing alone (docs/BENCHMARKS.md §13).
///
/// A document Xapian fails to write ends the writing: Xapian has then discarded every change of
/// the writer's transaction (glass cancels it on any write error), so nothing of the run can be
/// committed; the documents queued after it are dropped.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <xapian.h>

#include "indexer/index_writer.h"

namespace kr::index {

class BackgroundWriter {
 public:
  /// The document that could not be written: the `tag` it was queued with and Xapian's message.
  struct Failure {
    std::size_t tag;
    std::string message;
  };

  /// At most `capacity` documents wait to be written (memory stays bounded).
  explicit BackgroundWriter(std::size_t capacity = 32);
  ~BackgroundWriter();
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;

  /// Queues writer.replace(id, doc); waits while the queue is full. `doc` must have no other
  /// handle left in the caller (Xapian's handles are not thread-safe): pass it with std::move.
  /// Between this call and finish() only this object may use `writer`. False (and nothing
  /// queued) once a document has failed.
  bool replace(IndexWriter& writer, std::string id, Xapian::Document&& doc, std::size_t tag);
  /// Waits until everything queued is written; the document that failed, if one did.
  std::optional<Failure> finish();

 private:
  struct Job {
    IndexWriter* writer;
    std::string id;
    Xapian::Document doc;
    std::size_t tag;
  };
  void run();

  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Job> jobs_;
  bool busy_ = false;  ///< the thread is writing a job taken off the queue
  bool closing_ = false;
  std::optional<Failure> failure_;
  std::thread thread_;  ///< last: starts once everything above is ready
};

}  // namespace kr::index
