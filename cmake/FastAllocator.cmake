# q2686_allocator: the malloc of the host executables.
#
# Debian's Unicorn 2.0.1 sends every guest store down the softmmu slow path, where
# page_collection_lock/unlock build and free a GLib tree: a malloc and a free per guest store
# (docs/performance.md, "Blocked"). glibc's malloc spends 15-20 % of a CPU-bound run there;
# tcmalloc_minimal (Debian libgoogle-perftools-dev, the allocator alone without the profiler)
# serves those small same-size requests from a per-thread cache. Linked into an executable, its
# malloc and free interpose on glibc's for every library the process loads, libunicorn
# included. Only with the plain build: the asan and fuzz presets keep the sanitizers' own
# allocator, which must see every allocation.
option(Q2686_FAST_ALLOCATOR "Link the host executables against tcmalloc_minimal (never with sanitizers)" ON)
add_library(q2686_allocator INTERFACE)
if(Q2686_FAST_ALLOCATOR AND NOT Q2686_SANITIZE AND NOT Q2686_FUZZ)
  find_library(Q2686_TCMALLOC_MINIMAL tcmalloc_minimal)
  if(NOT Q2686_TCMALLOC_MINIMAL)
    message(FATAL_ERROR "tcmalloc_minimal not found: install the Debian package libgoogle-perftools-dev "
                        "(scripts/setup.sh does), or configure with -DQ2686_FAST_ALLOCATOR=OFF")
  endif()
  target_link_libraries(q2686_allocator INTERFACE ${Q2686_TCMALLOC_MINIMAL})
  message(STATUS "Host executables use tcmalloc_minimal: ${Q2686_TCMALLOC_MINIMAL}")
endif()
