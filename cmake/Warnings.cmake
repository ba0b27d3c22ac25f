# Warnings every target of ours gets; CI turns them into errors (RECOD_WERROR=ON).
add_library(recod_warnings INTERFACE)
target_compile_options(recod_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough
  $<$<BOOL:${RECOD_WERROR}>:-Werror>)
