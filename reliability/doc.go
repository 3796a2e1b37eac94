// Package reliability holds the tests that run the real internbase binary
// under faults: the crash-consistency test (SIGKILL at random moments during
// concurrent workflow writes) and the soak test (make soak).
package reliability
