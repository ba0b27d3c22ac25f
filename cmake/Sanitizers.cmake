# RECOD_SANITIZE=ON builds everything with ASan + UBSan; CI runs the whole test suite so.
if(RECOD_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  # g++ 12 reports false "maybe uninitialized" errors under the sanitizers' instrumentation
  # (std::optional, std::regex); the plain build keeps the warning.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()
