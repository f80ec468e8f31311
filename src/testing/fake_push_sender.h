// A ports::PushSender for tests: accepts only endpoints under https://push.example/, records each
// message it is given and answers with `answer` (OK unless a test scripts a refusal).
#ifndef BACKCARE_TESTING_FAKE_PUSH_SENDER_H_
#define BACKCARE_TESTING_FAKE_PUSH_SENDER_H_

#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/ports/push_sender.h"

namespace backcare::testing {

class FakePushSender final : public ports::PushSender {
 public:
  bool Accepts(std::string_view endpoint) const override {
    return endpoint.starts_with("https://push.example/");
  }
  Status Send(const ports::PushMessage& message) override {
    sent.push_back(message);
    return answer;
  }

  std::vector<ports::PushMessage> sent;
  Status answer = OkStatus();
};

}  // namespace backcare::testing

#endif  // BACKCARE_TESTING_FAKE_PUSH_SENDER_H_
