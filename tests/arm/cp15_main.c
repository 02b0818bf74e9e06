/* cp15_sequences.elf is driven symbol by symbol from the test; main only has to exist. */
int main(void) { return 0; }
