#pragma once
// ModelProvider: where the recommendation engine gets a customer's current model. The
// server's ModelService (service.hpp) is one, rebuilding in the background; offline
// evaluation (`recod evaluate`) uses FixedModel, a model built once from part of the data.
//
// Thread safety: current() may be called from any thread; implementations must allow it.

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "recod/model/customer_model.hpp"

namespace recod::model {

class ModelProvider {
 public:
  virtual ~ModelProvider() = default;
  /// The customer's current model; nullptr for a customer the provider does not know.
  [[nodiscard]] virtual std::shared_ptr<const CustomerModel> current(
      std::string_view customer) const = 0;
};

/// One model for one customer, never rebuilt.
class FixedModel final : public ModelProvider {
 public:
  FixedModel(std::string customer, std::shared_ptr<const CustomerModel> model)
      : customer_(std::move(customer)), model_(std::move(model)) {}

  [[nodiscard]] std::shared_ptr<const CustomerModel> current(
      std::string_view customer) const override {
    return customer == customer_ ? model_ : nullptr;
  }

 private:
  std::string customer_;
  std::shared_ptr<const CustomerModel> model_;
};

}  // namespace recod::model
