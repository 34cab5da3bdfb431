#pragma once
// What sources produce (SourceItem) and what targets should show (Draft). Plain values, no I/O.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace issuebridge::model {

// What a target item shows: open or closed. A source's own state words ("merged", ...) map onto these per route.
enum class ItemState { open, closed };

const char* to_string(ItemState state) noexcept;

// "<kind>:<host>/<path>#<number>", e.g. "github:github.com/Unidata/MetPy#123". The host is part of the id, so two
// GitHub Enterprise instances never collide; the kind prefix is the source type.
std::string make_external_id(std::string_view source_type, std::string_view host, std::string_view path,
                             std::string_view number);

struct SourceItem {
    std::string external_id;
    std::string kind = "issue"; // one of the source schema's kinds, e.g. "issue", "pull_request"
    std::string repo;           // as the route names it, e.g. "Unidata/MetPy"
    std::int64_t number = 0;
    std::string title;
    std::string body; // markdown; empty when the source has none
    // The source's own state word, e.g. "open", "closed", "merged" (GitHub: a pull request with merged_at); what it
    // means on the target is the route's (config::Route::states).
    std::string state = "open";
    // Closed without being done: a dismissed alert, a pull or merge request closed unmerged, an issue closed as not
    // planned. Set by the source, which alone knows its words; a target that records why an item closed (GitHub's
    // state_reason) says so.
    bool not_planned = false;
    std::vector<std::string> labels;
    std::vector<std::string> assignees; // logins
    std::string author;                 // login
    std::string url;                    // the item's page for people
    std::string milestone;
    std::string created_at; // ISO 8601 UTC
    std::string updated_at;
    std::string closed_at;
    // The template fields this item's source adds beside the common ones (model::template_fields()), by name, in
    // the order its schema lists them (config::SourceSchema::template_fields); e.g. an alert source's
    // {"rule", ...}, {"severity", ...}. A name appears at most once and is never a common field's.
    std::vector<std::pair<std::string, std::string>> fields;

    // The value of a field this source adds, or nullptr when the item has none by that name.
    const std::string* field(std::string_view name) const noexcept;
};

// What the target item should show. Its fingerprint decides whether anything must be written.
struct Draft {
    std::string external_id;
    std::string target; // target name: (target, external_id) identifies the target item
    std::string route;
    std::string repo;
    std::string title;
    std::string body;                // markdown, rendered into the target's format by the adapter
    std::vector<std::string> labels; // sorted, unique, after the route's label map
    // The colour the route gives a label of `labels` ([routes.map] label_colors), for a target that creates it; the
    // others get the target's default. Not part of the fingerprint: a label keeps the colour it was created with.
    std::map<std::string, std::string> label_colors;
    std::string assignee; // target account id, or empty
    // The title of the milestone the item belongs in ([routes.map] milestone; empty: none), or nullopt when the
    // route does not say, and the item's milestone on the target is left as it is. Only targets whose schema has
    // milestones (config::TargetSchema::milestones) are given one.
    std::optional<std::string> milestone;
    ItemState state = ItemState::open;
    // Closed, and closed as not planned (SourceItem::not_planned). Read only when the state is written: not part of
    // the fingerprint, so an item already closed is not written again for its reason alone.
    bool not_planned = false;
    std::string url; // link back to the source item
    // The back-link's label, e.g. "View on GitHub": the route's source row's (config::Route::link_label). Not part of
    // the fingerprint.
    std::string link_label;
    std::string source_updated_at; // not part of the fingerprint

    // Stable hashes of the fields an update writes, one per field ("title.body.labels.assignee.url", 8 hex digits
    // each, then ".milestone" only when there is one: the fingerprints of drafts without one stay what they were
    // before milestones), so a later run knows which fields changed without storing them. Equal across runs and
    // builds. The state is compared on its own, since it changes by a transition, not by an update.
    std::string fingerprint() const;
};

// The fields of a Draft that an update writes, as bits.
enum Field : unsigned { title = 1, body = 2, labels = 4, assignee = 8, url = 16, milestone = 32 };
inline constexpr unsigned k_all_fields = 63;

// Which fields differ between two fingerprints (one without a milestone part has the empty milestone); every field
// when either is not a fingerprint (e.g. empty).
unsigned changed_fields(std::string_view old_fingerprint, std::string_view new_fingerprint);

// 64-bit FNV-1a: stable across platforms and builds, which std::hash is not.
std::uint64_t stable_hash(std::string_view bytes, std::uint64_t seed = 0xcbf29ce484222325ULL);
std::string to_hex(std::uint64_t value);

} // namespace issuebridge::model
