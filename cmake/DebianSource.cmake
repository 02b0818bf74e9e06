# q2686_debian_source(<package> <marker> <out_var>): the newest unpacked Debian source package
# <package>-<version> under ${Q2686_SOURCE_CACHE} that holds <marker> (a file proving it is the
# right tree), or a configure error telling the user to run scripts/setup.sh, which fetches
# them with apt-get source.
function(q2686_debian_source package marker out_var)
  file(GLOB _candidates LIST_DIRECTORIES true "${Q2686_SOURCE_CACHE}/${package}-*")
  set(_dirs "")
  foreach(_dir IN LISTS _candidates)
    if(IS_DIRECTORY "${_dir}" AND EXISTS "${_dir}/${marker}")
      list(APPEND _dirs "${_dir}")
    endif()
  endforeach()
  if(NOT _dirs)
    message(FATAL_ERROR "${package} source not found: no ${package}-*/${marker} under Q2686_SOURCE_CACHE="
                        "${Q2686_SOURCE_CACHE}. Run scripts/setup.sh (it unpacks Debian's ${package} source "
                        "package there with apt-get source), or point -DQ2686_SOURCE_CACHE at the folder "
                        "holding it.")
  endif()
  list(SORT _dirs COMPARE NATURAL ORDER DESCENDING)
  list(GET _dirs 0 _newest)
  set(${out_var} "${_newest}" PARENT_SCOPE)
endfunction()
