// A main for the fuzz harnesses when they are not built with libFuzzer (g++, or any build without
// -DISSUEBRIDGE_FUZZ=ON): runs every file of the directories (or files) given through LLVMFuzzerTestOneInput once,
// so the committed corpora and the inputs of past crashes are replayed by ctest, under the sanitizers when the build
// has them. A crash aborts the process, as it would under libFuzzer; running no input at all is a failure too.
//
//   fuzz_<name> DIR_OR_FILE...

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

int replay(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.eof() && in.fail()) {
        std::fprintf(stderr, "fuzz replay: cannot read '%s'\n", file.c_str());
        return 1;
    }
    std::printf("%s\n", file.c_str()); // the last name printed is the input that crashed
    std::fflush(stdout);
    // A copy of exactly `size` bytes on the heap, so AddressSanitizer sees a read past the end.
    std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
    LLVMFuzzerTestOneInput(data.data(), data.size());
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        const fs::path path(argv[i]);
        std::error_code error;
        if (fs::is_directory(path, error)) {
            for (const auto& entry : fs::directory_iterator(path)) {
                if (entry.is_regular_file() && !entry.path().filename().string().starts_with(".")) {
                    files.push_back(entry.path());
                }
            }
        } else if (fs::is_regular_file(path, error)) {
            files.push_back(path);
        } else {
            std::fprintf(stderr, "fuzz replay: no such file or directory '%s'\n", argv[i]);
            return 1;
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "fuzz replay: no input to run\n");
        return 1;
    }
    int failures = 0;
    for (const auto& file : files) {
        failures += replay(file);
    }
    std::printf("fuzz replay: %zu inputs run\n", files.size());
    return failures == 0 ? 0 : 1;
}
