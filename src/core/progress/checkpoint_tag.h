// Which checkpoint a questionnaire response may be tagged with. A tag must name a checkpoint of the
// course's protocol (protocol.h `[[checkpoints]]`), and a baseline checkpoint (at_baseline) is the
// reference every later score is judged against, so only staff may set it: a patient tagging
// their own score as baseline would move the reference of their own progress.
#ifndef BACKCARE_CORE_PROGRESS_CHECKPOINT_TAG_H_
#define BACKCARE_CORE_PROGRESS_CHECKPOINT_TAG_H_

#include <string_view>

#include "core/base/result.h"
#include "core/protocol/protocol.h"

namespace backcare::progress {

enum class TaggedBy { kStaff, kPatient };

// OK for an empty `checkpoint_id` (untagged) and for a checkpoint of `protocol` that `tagged_by`
// may use. Errors:
//   kInvalidInput "unknown checkpoint 'ID'; expected one of baseline, week_4, ..." (the
//     protocol's checkpoint ids in file order);
//   kPermissionDenied "checkpoint 'baseline': only staff may tag a baseline response" for a
//     patient and an at_baseline checkpoint.
Status CheckCheckpointTag(const protocol::Protocol& protocol, std::string_view checkpoint_id,
                          TaggedBy tagged_by);

}  // namespace backcare::progress

#endif  // BACKCARE_CORE_PROGRESS_CHECKPOINT_TAG_H_
