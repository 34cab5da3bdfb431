// A draft's milestone, by title: the repository's milestones are listed once per run (all states, all pages) into
// the context; a title the repository lacks is created (POST .../milestones), and one that another writer created
// meanwhile (422 already_exists: another run, or another operation of this one) is found by listing again. The
// context only ever gains milestones, so a number learnt stays good for the run.

#include "github.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <simdjson.h>

namespace issuebridge::targets::github {

namespace {

namespace dom = simdjson::dom;

std::string milestones_url(const Context& c) {
    return c.base_url + repo_path(c) + "/milestones?state=all&per_page=100";
}

util::Failure malformed(const std::string& what, const std::string& field) {
    return util::Failure{util::Failure::Kind::parse, "github " + what + ": field '" + field + "' is malformed", 0};
}

} // namespace

MilestoneSteps::MilestoneSteps(std::shared_ptr<Context> c, std::string title)
    : m_c(std::move(c)), m_title(std::move(title)), m_links(milestones_url(*m_c)) {}

bool MilestoneSteps::done() const { return m_failure || m_title.empty() || known(); }

bool MilestoneSteps::known() const { return m_c->milestones && m_c->milestones->contains(m_title); }

std::optional<std::int64_t> MilestoneSteps::number() const {
    return known() ? std::optional(m_c->milestones->at(m_title)) : std::nullopt;
}

void MilestoneSteps::start_listing() {
    m_listing = true;
    m_url = milestones_url(*m_c);
    m_links = http::NextLinks(m_url);
    m_found.clear();
}

http::Request MilestoneSteps::next() {
    if (!m_listing && !m_c->milestones) {
        start_listing();
    }
    if (m_listing) {
        http::Request r = request(*m_c, "GET", "");
        r.url = m_url;
        return r;
    }
    util::JsonWriter body;
    return request(*m_c, "POST", repo_path(*m_c) + "/milestones",
                   body.begin_object().field("title", m_title).end_object().take());
}

void MilestoneSteps::on_outcome(const http::Outcome& outcome) {
    if (m_listing) {
        return on_page(outcome);
    }
    if (outcome.ok() && outcome->status == 422 && outcome->body.find("already_exists") != std::string::npos) {
        if (m_relisted) {
            m_failure = util::Failure{util::Failure::Kind::http,
                                      "milestone '" + m_title + "' of " + m_c->repo +
                                          ": GitHub says it exists, but its listing does not show it",
                                      422};
            return;
        }
        m_relisted = true;
        start_listing(); // made by another writer since it was listed
        return;
    }
    if (auto f = failure_of(outcome, "create milestone '" + m_title + "' in " + m_c->repo)) {
        m_failure = std::move(f);
        return;
    }
    dom::parser parser;
    dom::element doc;
    std::int64_t number = 0;
    if (parser.parse(outcome->body).get(doc) || doc["number"].get_int64().get(number)) {
        m_failure = malformed("milestone create answer", "number");
        return;
    }
    m_c->milestones->emplace(m_title, number); // listed before any create
}

void MilestoneSteps::on_page(const http::Outcome& outcome) {
    if (auto f = failure_of(outcome, "list the milestones of " + m_c->repo)) {
        m_failure = std::move(f);
        return;
    }
    dom::parser parser; // DOM: the whole page is checked before any milestone is taken
    dom::array milestones;
    if (parser.parse(outcome->body).get_array().get(milestones)) {
        m_failure = malformed("milestones listing", "(the page is not a JSON array)");
        return;
    }
    std::map<std::string, std::int64_t> page;
    for (dom::element m : milestones) {
        std::string_view title;
        std::int64_t number = 0;
        if (m["title"].get_string().get(title)) {
            m_failure = malformed("milestones listing", "title");
            return;
        }
        if (m["number"].get_int64().get(number)) {
            m_failure = malformed("milestones listing", "number");
            return;
        }
        page.emplace(title, number);
    }
    m_found.insert(page.begin(), page.end());
    auto next = m_links.after(*outcome, "github milestones listing");
    if (!next) {
        m_failure = next.failure();
        return;
    }
    if (!next->empty()) {
        m_url = std::move(*next);
        return;
    }
    m_listing = false;
    if (m_c->milestones) {
        m_found.insert(m_c->milestones->begin(), m_c->milestones->end()); // another operation's listing came first
    }
    m_c->milestones = std::move(m_found);
    m_found.clear();
}

} // namespace issuebridge::targets::github
