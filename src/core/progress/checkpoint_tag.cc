#include "core/progress/checkpoint_tag.h"

#include <string>

namespace backcare::progress {

Status CheckCheckpointTag(const protocol::Protocol& protocol, std::string_view checkpoint_id,
                          TaggedBy tagged_by) {
  if (checkpoint_id.empty()) return Status();
  std::string known;
  for (const protocol::Checkpoint& checkpoint : protocol.checkpoints) {
    if (checkpoint.id == checkpoint_id) {
      if (checkpoint.at_baseline && tagged_by == TaggedBy::kPatient) {
        return PermissionDenied("checkpoint '" + checkpoint.id +
                                "': only staff may tag a baseline response");
      }
      return Status();
    }
    known += (known.empty() ? "" : ", ") + checkpoint.id;
  }
  return InvalidInput("unknown checkpoint '" + std::string(checkpoint_id) + "'; expected one of " +
                      known);
}

}  // namespace backcare::progress
