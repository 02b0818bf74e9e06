/* The base image has no application: the ROM's weak adl_main() runs. This file only gives
 * the executable a translation unit of its own. */
typedef int no_application_t;
