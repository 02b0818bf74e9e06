/* A workload that does nothing: its QEMU run measures QEMU's start-up and exit, which
 * `q2686emu bench` subtracts from the timed workloads (docs/performance.md). */
int main(void) { return 0; }
