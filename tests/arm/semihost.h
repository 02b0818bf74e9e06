/* ARM semihosting calls used by the bare-metal test images (SVC 0x123456). */
#pragma once

void semihost_puts(const char* text);
void semihost_exit(int status) __attribute__((noreturn));
