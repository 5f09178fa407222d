#include "indexer/background_writer.h"

#include <exception>
#include <utility>

namespace kr::index {

BackgroundWriter::BackgroundWriter(std::size_t capacity)
    : capacity_(capacity == 0 ? 1 : capacity), thread_([this] { run(); }) {}

BackgroundWriter::~BackgroundWriter() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

bool BackgroundWriter::replace(IndexWriter& writer, std::string id, Xapian::Document&& doc, std::size_t tag) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return jobs_.size() < capacity_ || failure_; });
  if (failure_) {
    lock.unlock();
    doc = Xapian::Document();
    return false;
  }
  jobs_.push_back(Job{&writer, std::move(id), std::move(doc), tag});
  changed_.notify_all();
  return true;
}

std::optional<BackgroundWriter::Failure> BackgroundWriter::finish() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return jobs_.empty() && !busy_; });
  return failure_;
}

void BackgroundWriter::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return !jobs_.empty() || closing_; });
    if (jobs_.empty()) return;  // closing, nothing left
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    busy_ = true;
    changed_.notify_all();  // room in the queue
    lock.unlock();
    std::string failed;
    if (!failure_) {  // only this thread sets it
      try {
        job.writer->replace(job.id, job.doc);
      } catch (const Xapian::Error& e) {
        failed = e.get_description();
      } catch (const std::exception& e) {
        failed = e.what();
      }
    }
    job.doc = Xapian::Document();  // released in this thread, which alone held it
    lock.lock();
    if (!failed.empty()) failure_ = Failure{job.tag, std::move(failed)};
    busy_ = false;
    changed_.notify_all();
  }
}

}  // namespace kr::index
