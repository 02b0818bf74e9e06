// Malformed scenario files, one per kind of mistake, with where an editor should put the cursor:
// the loader's unit test and the CLI test both go through every one.
#pragma once

#include <ostream>

namespace q2686::test {

struct BadFile {
    const char* what;
    const char* yaml;
    const char* position;  // "bad.yaml:LINE:COL:"
    const char* message;   // a part of the message
};

// One per kind of mistake; the position is where an editor should put the cursor.
inline const BadFile kBadFiles[] = {
    {"yaml syntax", "steps:\n  - {send: AT\n  - wait: 1s\n", "bad.yaml:3:9:", "end of map flow not found"},
    {"tab indentation", "steps:\n\t- send: AT\n", "bad.yaml:2:2:", "tabs are not allowed in YAML indentation"},
    // yaml-cpp would end the string at the end of the file and the scenario pass by mistake.
    {"double quote never closed", "steps:\n  - send: \"AT\n  - expect: OK\n", "bad.yaml:2:11:", "never closed"},
    {"single quote never closed", "steps:\n  - send: AT\n  - expect: 'OK\n", "bad.yaml:3:13:", "never closed"},
    {"quote open at the last byte", "steps:\n  - send: \"AT", "bad.yaml:2:14:", "close its quote"},
    {"unquoted value holding ': '", "steps:\n  - send: AT+CCLK?\n  - expect: +CCLK: \"98/01/01,00:00:00+00\"\n",
     "bad.yaml:3:18:", "a value that contains ': ' must be quoted"},
    {"not a mapping", "- send: AT\n", "bad.yaml:1:1:", "a scenario is a mapping"},
    {"unknown top-level key", "name: x\nsteeps:\n  - send: AT\n", "bad.yaml:2:1:", "unknown key 'steeps'"},
    {"no steps", "name: x\n", "bad.yaml:1:1:", "no 'steps:'"},
    {"steps not a list", "steps: {send: AT}\n", "bad.yaml:1:8:", "steps must be a list"},
    {"empty steps", "steps: []\n", "bad.yaml:1:8:", "the list is empty"},
    {"step not a mapping", "steps:\n  - AT+CCLK?\n", "bad.yaml:2:5:", "a step is a mapping"},
    {"empty step in a repeat", "steps:\n - repeat: {times: 5, steps: [{}]}\n", "bad.yaml:2:31:", "an empty step"},
    {"unknown step", "steps:\n  - power: on\n  - sned: AT\n", "bad.yaml:3:5:", "unknown step 'sned'"},
    {"two actions in a step", "steps:\n  - send: AT\n    wait: 1s\n", "bad.yaml:3:5:", "one action per step"},
    {"unknown key in a step", "steps:\n  - send: AT\n    whithin: 1s\n", "bad.yaml:3:5:", "unknown key 'whithin'"},
    {"within on a wait", "steps:\n  - wait: 1s\n    within: 2s\n", "bad.yaml:3:5:", "takes no options"},
    {"bad duration", "steps:\n  - wait: 5 parsecs\n", "bad.yaml:2:11:", "is not a duration"},
    {"duration without unit", "steps:\n  - wait: 10\n", "bad.yaml:2:11:", "is not a duration"},
    {"bad within", "steps:\n  - expect: OK\n    within: soon\n", "bad.yaml:3:13:", "is not a duration"},
    {"bad timeout", "timeout: [1]\nsteps:\n  - send: AT\n", "bad.yaml:1:10:", "must be text"},
    {"wrong type for text", "steps:\n  - send: {a: 1}\n", "bad.yaml:2:11:", "send must be text"},
    {"not an AT command", "steps:\n  - send: hello\n", "bad.yaml:2:11:", "not an AT command"},
    {"bad boolean", "steps:\n  - power: maybe\n", "bad.yaml:2:12:", "true or false"},
    {"bad regex", "steps:\n  - expect: /a(b/\n", "bad.yaml:2:13:", "bad regular expression"},
    {"bad modem key", "modem: {batery: false}\nsteps:\n  - send: AT\n",
     "bad.yaml:1:9:", "unknown key 'batery' in modem"},
    {"bad rtc", "modem: {rtc: 2026-13-01T00:00:00Z}\nsteps:\n  - send: AT\n", "bad.yaml:1:14:", "rtc time"},
    {"rtc before 1998", "steps:\n  - set-rtc: 1990-01-01T00:00:00Z\n", "bad.yaml:2:14:", "1998..2097"},
    {"bad imei", "modem: {imei: 123}\nsteps:\n  - send: AT\n", "bad.yaml:1:15:", "15 digits"},
    {"modem sim unknown", "modem: {sim: missing}\nsteps:\n  - send: AT\n", "bad.yaml:1:14:", "ready, absent or pin=NNNN"},
    {"modem sim pin too short", "modem: {sim: pin=12}\nsteps:\n  - send: AT\n", "bad.yaml:1:14:", "4 to 8 digits"},
    {"sim step unknown", "steps:\n  - sim: out\n", "bad.yaml:2:10:", "removed or inserted"},
    {"rtc_ppm out of range", "modem: {rtc_ppm: 501}\nsteps:\n  - send: AT\n", "bad.yaml:1:18:", "-500..500"},
    {"rtc_ppm not a number", "modem: {rtc_ppm: fast}\nsteps:\n  - send: AT\n", "bad.yaml:1:18:", "ppm"},
    {"rtc_ppm with 4 decimals", "modem: {rtc_ppm: 1.2345}\nsteps:\n  - send: AT\n", "bad.yaml:1:18:", "3 decimals"},
    {"bad registration", "network: {registration: away}\nsteps:\n  - send: AT\n", "bad.yaml:1:25:", "home|roaming"},
    {"csq out of range", "network: {csq: 40}\nsteps:\n  - send: AT\n", "bad.yaml:1:16:", "0..31 or 99"},
    {"bad loss", "network: {loss: lots}\nsteps:\n  - send: AT\n", "bad.yaml:1:17:", "percentage"},
    {"loss over 100%", "network: {loss: 150%}\nsteps:\n  - send: AT\n", "bad.yaml:1:17:", "0%..100%"},
    {"latency not whole ms", "network: {latency: 1.5ms}\nsteps:\n  - send: AT\n",
     "bad.yaml:1:20:", "whole milliseconds"},
    {"outage only in steps", "network: {outage: 5s}\nsteps:\n  - send: AT\n", "bad.yaml:1:11:", "unknown key 'outage'"},
    {"bad pdp cause", "steps:\n  - network: {pdp: 140}\n", "bad.yaml:2:20:", "132, 133, 134, 148 or 149"},
    {"network utc not ISO UTC", "network: {utc: 2026-03-15}\nsteps:\n  - send: AT\n",
     "bad.yaml:1:16:", "YYYY-MM-DDTHH:MM:SSZ"},
    {"network utc only at the top", "steps:\n  - network: {utc: 2026-03-15T09:00:00Z}\n",
     "bad.yaml:2:15:", "unknown key 'utc'"},
    {"nitz zone out of range", "network: {nitz: {zone: \"+60\"}}\nsteps:\n  - send: AT\n",
     "bad.yaml:1:24:", "-48..+56"},
    {"nitz offset without unit", "steps:\n  - network: {nitz: {offset: -3}}\n", "bad.yaml:2:30:", "like -3h"},
    {"nitz unknown key", "network: {nitz: {time: now}}\nsteps:\n  - send: AT\n",
     "bad.yaml:1:18:", "unknown key 'time'"},
    {"nitz unknown knob", "steps:\n  - nitz: sometime\n", "bad.yaml:2:11:", "expected off, on, offset="},
    {"nitz short name too long", "steps:\n  - nitz: {short: ABCDEFGHIJKLMNOPQRS}\n",
     "bad.yaml:2:19:", "1..15 characters"},
    {"bad server key", "server: {host: a.example, sni: x}\nsteps:\n  - send: AT\n",
     "bad.yaml:1:27:", "unknown key 'sni'"},
    {"bad issuer", "server: {cert: {issuer: me}}\nsteps:\n  - send: AT\n", "bad.yaml:1:25:", "issuer"},
    {"bad certificate date", "server: {cert: {not_after: 2027-02-30}}\nsteps:\n  - send: AT\n",
     "bad.yaml:1:28:", "not-after"},
    {"dates the wrong way", "server: {cert: {not_before: 2027-01-01, not_after: 2026-01-01}}\nsteps:\n  - send: AT\n",
     "bad.yaml:1:16:", "later than not_before"},
    {"bad server port", "server: {port: 70000}\nsteps:\n  - send: AT\n", "bad.yaml:1:16:", "1..65535"},
    {"bad external", "server: {external: localhost}\nsteps:\n  - send: AT\n", "bad.yaml:1:20:", "IPV4:PORT"},
    {"cert on an external server",
     "server: {external: \"127.0.0.1:4433\", cert: {issuer: self}}\nsteps:\n  - send: AT\n",
     "bad.yaml:1:38:", "only for the built-in server"},
    {"ca on the built-in server", "server: {ca: root.pem}\nsteps:\n  - send: AT\n",
     "bad.yaml:1:10:", "only with external"},
    {"missing ca file", "server: {external: \"127.0.0.1:4433\", ca: no-such-root.pem}\nsteps:\n  - send: AT\n",
     "bad.yaml:1:42:", "cannot read"},
    {"missing firmware", "firmware: no-such.elf\nsteps:\n  - send: AT\n", "bad.yaml:1:11:", "cannot read"},
    {"bad verify", "steps:\n  - tls-connect: {verify: sometimes}\n", "bad.yaml:2:27:", "always|once|never"},
    {"bad outcome", "steps:\n  - expect-tls: {outcome: fine}\n", "bad.yaml:2:27:", "ok|not-yet-valid"},
    {"status on a failure", "steps:\n  - expect-tls: {outcome: expired, status: 200}\n",
     "bad.yaml:2:17:", "outcome: ok"},
    {"bad tls path", "steps:\n  - tls-connect: {path: index.html}\n", "bad.yaml:2:25:", "start with '/'"},
    {"repeat without steps", "steps:\n  - repeat: {times: 2}\n", "bad.yaml:2:13:", "times: N and steps"},
    {"repeat zero times", "steps:\n  - repeat: {times: 0, steps: [{wait: 1s}]}\n", "bad.yaml:2:21:", "1..10000"},
    {"error inside a repeat", "steps:\n  - repeat:\n      times: 2\n      steps:\n        - wait: 1 s\n",
     "bad.yaml:5:17:", "is not a duration"},
    {"key given twice", "steps:\n  - expect: OK\n    within: 1s\n    within: 2s\n", "bad.yaml:4:5:", "given twice"},
    {"host changes kind",
     "server: {host: a.example}\nsteps:\n  - server: {host: a.example, external: \"127.0.0.1:1\"}\n",
     "bad.yaml:3:13:", "keeps its endpoint"},
};

inline void PrintTo(const BadFile& bad, std::ostream* out) {
    *out << bad.what;
}

}  // namespace q2686::test
