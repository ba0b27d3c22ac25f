#pragma once
// Responder: the one-shot channel through which a handler answers its request.
//
// A handler may answer at once or later from any thread (e.g. after the event writer has
// stored an event). Each Responder must be sent exactly once; one destroyed unsent answers
// 500, so that a handler bug cannot leave a client hanging.

#include <memory>

#include "recod/http/response.hpp"

namespace recod::http {

/// Receives the response of one request; implemented by the connection.
class ResponseSink {
 public:
  virtual ~ResponseSink() = default;
  /// Called once, from any thread.
  virtual void deliver(Response&& response) = 0;
};

class Responder final {
 public:
  explicit Responder(std::shared_ptr<ResponseSink> sink) noexcept : sink_(std::move(sink)) {}
  Responder(Responder&&) noexcept = default;
  Responder& operator=(Responder&&) noexcept = delete;
  Responder(const Responder&) = delete;
  Responder& operator=(const Responder&) = delete;
  ~Responder();

  /// Answers the request. Later calls do nothing.
  void send(Response response);

 private:
  std::shared_ptr<ResponseSink> sink_;
};

}  // namespace recod::http
