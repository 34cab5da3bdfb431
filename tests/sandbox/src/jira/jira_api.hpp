#pragma once
// Pieces shared by the Jira route files (jira_api.cpp, jira_workflow.cpp, jira_search.cpp,
// jira_meta.cpp).

#include "jira_edit.hpp"
#include "jira_json.hpp"
#include "router.hpp"

#include <string>
#include <string_view>

namespace issuebridge::sandbox {

// The account whose email and API token the request's basic auth carries, or nullptr.
const JiraAccount* authenticated_account(const JiraData& data, const httplib::Request& req);
// A Jira answer: Content-Type application/json;charset=UTF-8, also on empty 204/200/201 answers,
// which the spec describes as application/json (Prism flags them otherwise).
void reply_jira(httplib::Response& res, int status, std::string body);
// {"errorMessages":[message],"errors":{}}
std::string error_body(std::string_view message);
std::string invalid_payload();
std::string issue_not_found();

// Why an issue property may not be stored ("" when it may).
std::string check_property(const std::string& key, const std::string& value_json);
void set_property(JiraIssue& issue, const std::string& key, Json value);
// The status a transition {"id": ...} leads to, if that transition is available from `current`;
// else nullptr (and, when a transition was given, an error).
const JiraStatus* read_transition(const Json* transition, const std::string& current,
                                  ErrorCollection& errors);
// `fields` and `properties` query parameters; search defaults to ids only, GET issue to all fields.
BeanOptions bean_options(const httplib::Request& req, bool search);

// Whether the request came through Data Center's REST v2 routes (jira_dc.cpp) rather than Cloud's.
inline bool data_center(const Call& call) { return call.prefix.ends_with("/rest/api/2"); }

// The issue, transition, property, myself and project routes under `base` ("/rest/api/3", or
// Data Center's v2 base), which both APIs share.
void register_jira_issue_routes(Router& router, Services& services, const ApiProfile& profile,
                                std::string_view base);
void register_jira_workflow(Router& router, Services& services, const ApiProfile& profile,
                            std::string_view base);
// Cloud's /search/jql; Data Center's /search with startAt (register_jira_dc_search).
void register_jira_search(Router& router, Services& services, const ApiProfile& profile);
void register_jira_dc_search(Router& router, Services& services, const ApiProfile& profile,
                             std::string_view base);
// GET /myself and GET /project/{projectIdOrKey}; Data Center also GET /serverInfo.
void register_jira_meta(Router& router, Services& services, const ApiProfile& profile,
                        std::string_view base);

} // namespace issuebridge::sandbox
