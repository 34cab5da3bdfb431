#pragma once
// GitHub's JSON for issues, pull requests (as the issues API shows them), users, labels and
// milestones, following the `issue` schema of api.github.com.json; and for repositories
// (`full-repository`).

#include "github_data.hpp"

#include "issuebridge/util/json_writer.hpp"

#include <string>

namespace issuebridge::sandbox {

struct GhUrls {
    std::string api;  // "http://127.0.0.1:PORT" or "http://127.0.0.1:PORT/api/v3"
    std::string html; // "http://127.0.0.1:PORT"
};

void write_issue(util::JsonWriter& w, const GitHubData& data, const GhRepo& repo,
                 const GhIssue& issue, const GhUrls& urls);
// A milestone as the issues and the milestones API show it; `repo_url` is the repository's API URL.
void write_milestone(util::JsonWriter& w, const GitHubData& data, const GhRepo& repo,
                     const GhMilestone& m, const GhUrls& urls, const std::string& repo_url);
// GET /repos/{owner}/{repo}: a public repository seen by a read-only token.
void write_repository(util::JsonWriter& w, const GitHubData& data, const GhRepo& repo,
                      const GhUrls& urls);

} // namespace issuebridge::sandbox
