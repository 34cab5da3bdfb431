#include "issuebridge/util/paths.hpp"

#include <cstdio>

int main() {
    std::printf("issuebridge %s\n", issuebridge::util::version());
    return 0;
}
