#pragma once
// An exchange with one tracker as a sans-I/O state machine: it asks for requests in rounds and reads their
// outcomes, doing no I/O itself, so that one driver can send the rounds of many operations at once through one
// http::Client (and journal between them). Real: every adapter's listings, writes and lookups; fake: tests' scripts.

#include "issuebridge/http/message.hpp"

#include <cstddef>
#include <vector>

namespace issuebridge::http {

class Operation {
public:
    virtual ~Operation() = default;
    // Whether the operation is finished: it sends nothing more, and what it learnt is final.
    virtual bool done() const = 0;
    // The requests of the next round, all sent at once; at least one. Called only while !done().
    virtual std::vector<Request> next() = 0;
    // The outcome of the `index`-th request of the round next() returned last. Called once for every request of
    // the round, in any order. Never throws.
    virtual void on_outcome(std::size_t index, Outcome outcome) = 0;
};

} // namespace issuebridge::http
