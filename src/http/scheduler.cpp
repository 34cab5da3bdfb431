#include "scheduler.hpp"

#include "issuebridge/util/strings.hpp"
#include "redact.hpp"
#include "retry.hpp"
#include "wire_log.hpp"

#include <algorithm>
#include <stdexcept>

namespace issuebridge::http {

namespace {

using std::chrono::milliseconds;

// The longest the multi loop waits without looking at the cancel flag, for waits that overlap transfers.
constexpr milliseconds k_cancel_poll{50};

milliseconds ms_between(SteadyTime from, SteadyTime to) { return std::chrono::duration_cast<milliseconds>(to - from); }

std::string about(const Request& request) { return request.method + " '" + redact_url(request.url) + "': "; }

// An ETag with a control character (a bare CR, say) would inject a header when sent back as If-None-Match: it is
// dropped from the response, so no adapter stores it, with a warning.
void refuse_unsafe_etags(util::Logger& log, const Request& request, Response& response) {
    if (response.headers.erase_if("ETag", [](std::string_view v) { return util::has_control(v); }) > 0) {
        log.warn("http: " + about(request) + "ignored an ETag holding a control character");
    }
}

} // namespace

Batch::Batch(Engine& engine, std::span<const Request> requests, const OnDone& on_done)
    : m_engine(engine), m_requests(requests), m_on_done(on_done), m_jobs(requests.size()) {
    if (m_engine.busy) {
        throw std::logic_error("http client: on_done must not send through the same client");
    }
    m_engine.busy = true;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        Host* host = &m_engine.host_for(requests[i].url);
        auto lane = std::find_if(m_lanes.begin(), m_lanes.end(), [&](const Lane& l) { return l.host == host; });
        if (lane == m_lanes.end()) {
            lane = m_lanes.insert(lane, Lane{host, {}});
        }
        lane->queue.push_back(i);
        m_jobs[i].lane = static_cast<std::size_t>(lane - m_lanes.begin());
        m_jobs[i].write = is_write(requests[i].method);
    }
}

Batch::~Batch() {
    for (auto& transfer : m_active) {
        curl_multi_remove_handle(m_engine.multi, transfer->easy());
        --m_lanes[m_jobs[transfer->job].lane].host->in_flight;
        m_engine.release(std::move(transfer));
    }
    m_engine.busy = false;
}

void Batch::run() {
    while (m_done < m_jobs.size()) {
        if (cancelled()) {
            interrupt_waiting();
        }
        const SteadyTime now = m_engine.clock.now();
        release_delayed(now);
        start_ready(now);
        if (m_active.empty()) {
            if (m_done < m_jobs.size()) {
                m_engine.clock.sleep_until(next_wake(now), m_engine.cancel); // cancelled: the loop's top handles it
            }
            continue;
        }
        int running = 0;
        curl_multi_perform(m_engine.multi, &running);
        collect_finished();
        if (!m_active.empty()) {
            poll();
        }
    }
}

bool Batch::cancelled() const noexcept { return m_engine.cancel != nullptr && m_engine.cancel->load(); }

void Batch::interrupt_waiting() {
    std::vector<std::size_t> waiting;
    waiting.swap(m_delayed);
    for (auto& lane : m_lanes) {
        waiting.insert(waiting.end(), lane.queue.begin(), lane.queue.end());
        lane.queue.clear();
    }
    for (const std::size_t job : waiting) {
        deliver(job, util::Failure{util::Failure::Kind::interrupted, "interrupted"});
    }
}

void Batch::release_delayed(SteadyTime now) {
    const auto due = std::stable_partition(m_delayed.begin(), m_delayed.end(),
                                           [&](std::size_t job) { return m_jobs[job].not_before > now; });
    // A retry goes ahead of requests not yet started; retries keep the order in which they were delayed.
    for (auto it = std::make_reverse_iterator(m_delayed.end()); it != std::make_reverse_iterator(due); ++it) {
        m_lanes[m_jobs[*it].lane].queue.push_front(*it);
    }
    m_delayed.erase(due, m_delayed.end());
}

void Batch::start_ready(SteadyTime now) {
    for (auto& lane : m_lanes) {
        Host& host = *lane.host;
        while (!lane.queue.empty() && host.in_flight < host.policy.concurrency) {
            if (host.blocked_until > now) {
                if (host.blocked_until - now > host.policy.max_wait) {
                    refuse_blocked(lane, now);
                }
                break;
            }
            const std::size_t job = lane.queue.front();
            if (host.pacer.next_allowed(now, m_jobs[job].write) > now) {
                tell_paced(host, m_jobs[job].write);
                break;
            }
            lane.queue.pop_front();
            start(job, now);
        }
    }
}

// The host is held longer than its max_wait: every queued request to it fails now rather than hang a cron job.
void Batch::refuse_blocked(Lane& lane, SteadyTime now) {
    const Host& host = *lane.host;
    const milliseconds wait = ms_between(now, host.blocked_until);
    std::deque<std::size_t> refused;
    refused.swap(lane.queue);
    for (const std::size_t job : refused) {
        deliver(job, util::Failure{util::Failure::Kind::rate_limit,
                                   about(m_requests[job]) +
                                       wait_refused_message(wait, host.blocked_why, host.policy.max_wait)});
    }
}

// The limit a held request waits for: the write pacing when it is a write and the host has any, else the rate.
void Batch::tell_paced(const Host& host, bool write) const {
    if (!m_engine.on_paced) {
        return;
    }
    const HostPolicy& p = host.policy;
    if (write && p.write_rate) {
        m_engine.on_paced(p, *p.write_rate);
    } else if (write && p.write_interval.count() > 0) {
        m_engine.on_paced(p, util::Rate{1, p.write_interval});
    } else if (p.rate) {
        m_engine.on_paced(p, *p.rate);
    }
}

void Batch::start(std::size_t job, SteadyTime now) {
    Job& j = m_jobs[job];
    Host& host = *m_lanes[j.lane].host;
    const Request& request = m_requests[job];
    if (++j.attempts == 1) {
        j.first_start = now;
        if (util::has_control(request.if_none_match)) {
            m_engine.log.warn("http: " + about(request) + "not sending an ETag holding a control character");
        }
    }
    host.pacer.record(now, j.write);
    auto transfer = m_engine.acquire();
    transfer->job = job;
    if (!transfer->prepare(request, host.policy, m_engine.user_agent)) {
        AttemptResult result = transfer->finish(CURLE_OK, request);
        m_engine.release(std::move(transfer));
        handle(job, std::move(result));
        return;
    }
    log_request_headers(m_engine.log, request, m_engine.user_agent);
    if (curl_multi_add_handle(m_engine.multi, transfer->easy()) != CURLM_OK) {
        AttemptResult result = transfer->finish(CURLE_FAILED_INIT, request);
        m_engine.release(std::move(transfer));
        handle(job, std::move(result));
        return;
    }
    ++host.in_flight;
    m_active.push_back(std::move(transfer));
}

SteadyTime Batch::next_wake(SteadyTime now) const {
    SteadyTime wake = SteadyTime::max();
    for (const std::size_t job : m_delayed) {
        wake = std::min(wake, m_jobs[job].not_before);
    }
    for (const auto& lane : m_lanes) {
        const Host& host = *lane.host;
        if (!lane.queue.empty() && host.in_flight < host.policy.concurrency) {
            const bool write = m_jobs[lane.queue.front()].write;
            wake = std::min(wake, std::max(host.blocked_until, host.pacer.next_allowed(now, write)));
        }
    }
    return std::max(wake, now);
}

void Batch::poll() {
    const SteadyTime now = m_engine.clock.now();
    const SteadyTime wake = next_wake(now);
    const milliseconds until_wake = wake == SteadyTime::max() ? k_cancel_poll : ms_between(now, wake);
    const auto timeout = std::clamp(until_wake, milliseconds{0}, k_cancel_poll);
    curl_multi_poll(m_engine.multi, nullptr, 0, static_cast<int>(timeout.count()), nullptr);
}

void Batch::collect_finished() {
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(m_engine.multi, &queued)) {
        if (message->msg != CURLMSG_DONE) {
            continue;
        }
        CURL* easy = message->easy_handle;
        const CURLcode code = message->data.result; // `message` is invalid once the handle is removed
        curl_multi_remove_handle(m_engine.multi, easy);
        const auto it =
            std::find_if(m_active.begin(), m_active.end(), [&](const auto& t) { return t->easy() == easy; });
        std::unique_ptr<Transfer> transfer = std::move(*it);
        m_active.erase(it);
        const std::size_t job = transfer->job;
        --m_lanes[m_jobs[job].lane].host->in_flight;
        AttemptResult result = transfer->finish(code, m_requests[job]);
        m_engine.release(std::move(transfer));
        handle(job, std::move(result));
    }
}

void Batch::handle(std::size_t job, AttemptResult result) {
    Job& j = m_jobs[job];
    Host& host = *m_lanes[j.lane].host;
    const Request& request = m_requests[job];
    log_attempt(m_engine.log, request, result, j.attempts - 1);
    if (result.outcome.ok()) {
        refuse_unsafe_etags(m_engine.log, request, result.outcome.value());
    }
    const SteadyTime now = m_engine.clock.now();
    const WallTime wall = m_engine.clock.wall_now();
    if (result.outcome.ok()) {
        if (const auto reset = quota_exhausted_until(result.outcome.value())) {
            block(host, now + std::chrono::duration_cast<milliseconds>(*reset - wall), "rate limit reset");
        }
        if (const auto rate = advertised_rate(result.outcome.value())) {
            host.pacer.slow_to(*rate);
        }
    }
    if (cancelled()) {
        deliver(job, std::move(result.outcome)); // no retry starts once cancelled; this answer stands
        return;
    }
    const Attempt attempt{request,         result.outcome, result.delivery, j.attempts, ms_between(j.first_start, now),
                          j.waited_retries};
    Decision decision = decide(attempt, host.policy, wall, m_engine.rng);
    if (decision.host_wide) {
        block(host, now + decision.wait, decision.why);
    }
    switch (decision.action) {
    case Decision::Action::finish:
        deliver(job, std::move(result.outcome));
        return;
    case Decision::Action::give_up:
        decision.failure.message = about(request) + decision.failure.message;
        deliver(job, std::move(decision.failure));
        return;
    case Decision::Action::retry:
        j.waited_retries += decision.counted ? 0 : 1;
        log_wait(m_engine.log, request, decision.wait, decision.why, j.attempts);
        j.not_before = now + decision.wait;
        m_delayed.push_back(job);
        return;
    }
}

void Batch::block(Host& host, SteadyTime until, const std::string& why) {
    if (until > host.blocked_until) {
        host.blocked_until = until;
        host.blocked_why = why;
    }
}

void Batch::deliver(std::size_t job, Outcome outcome) {
    const Job& j = m_jobs[job];
    if (outcome.ok()) {
        outcome.value().attempts = j.attempts;
        outcome.value().elapsed = ms_between(j.first_start, m_engine.clock.now());
    }
    ++m_done;
    m_on_done(job, std::move(outcome));
}

} // namespace issuebridge::http
