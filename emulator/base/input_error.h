// InputError — a problem with something the user gave us (an ELF, a YAML file, an option).
// Front ends print what() and exit with status 2; the message already names the file and,
// where it has one, the line.
#pragma once

#include <stdexcept>
#include <string>

namespace q2686 {

class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace q2686
