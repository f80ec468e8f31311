// A version of a treatment protocol as the store keeps it: the protocol file's text exactly as it
// was imported, so a course started on it can be planned, banded and checked against it for as
// long as the course lives. Versions are installation-wide (a network of clinics shares them) and
// never change once stored: a new version of a protocol is a new row with a higher number.
#ifndef BACKCARE_CORE_CLINIC_PROTOCOL_VERSION_H_
#define BACKCARE_CORE_CLINIC_PROTOCOL_VERSION_H_

#include <string>

#include "core/clinic/time.h"

namespace backcare::clinic {

struct ProtocolVersion {
  std::string protocol_id;    // non-empty, e.g. "deep-tissue-chronic-low-back-pain"
  int version = 0;            // >= 1
  std::string title;          // the protocol's title, for lists
  std::string file_name;      // the file it was imported from, for messages
  std::string source;         // the file's text (empty in ListProtocolVersions)
  std::string source_sha256;  // 64 lower-case hex digits: SHA-256 of `source`
  Timestamp imported_at;
  friend bool operator==(const ProtocolVersion&, const ProtocolVersion&) = default;
};

}  // namespace backcare::clinic

#endif  // BACKCARE_CORE_CLINIC_PROTOCOL_VERSION_H_
