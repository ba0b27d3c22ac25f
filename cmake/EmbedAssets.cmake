# Writes a C++ source holding every file under ASSETS_DIR as bytes, with its URL path and
# content type, for web/assets.cpp. Run at build time; rerun whenever an asset changes.
file(GLOB_RECURSE FILES RELATIVE ${ASSETS_DIR} ${ASSETS_DIR}/*)
list(SORT FILES)
set(BODY "")
set(TABLE "")
set(INDEX 0)
foreach(F ${FILES})
  # READMEs document the assets for developers; they are not served.
  if(F MATCHES "(^|/)README\\.md$")
    continue()
  endif()
  file(READ ${ASSETS_DIR}/${F} HEX HEX)
  string(LENGTH "${HEX}" HEX_LENGTH)
  math(EXPR SIZE "${HEX_LENGTH} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," BYTES "${HEX}")
  get_filename_component(EXT ${F} LAST_EXT)
  set(TYPE "text/plain; charset=utf-8")
  if(EXT STREQUAL ".html")
    set(TYPE "text/html; charset=utf-8")
  elseif(EXT STREQUAL ".js" OR EXT STREQUAL ".mjs")
    set(TYPE "text/javascript; charset=utf-8")
  elseif(EXT STREQUAL ".css")
    set(TYPE "text/css; charset=utf-8")
  elseif(EXT STREQUAL ".json")
    set(TYPE "application/json")
  elseif(EXT STREQUAL ".svg")
    set(TYPE "image/svg+xml")
  elseif(EXT STREQUAL ".png")
    set(TYPE "image/png")
  endif()
  string(APPEND BODY "const unsigned char kFile${INDEX}[] = {${BYTES}0};\n")
  string(APPEND TABLE "    {\"/${F}\", \"${TYPE}\", {reinterpret_cast<const char*>(kFile${INDEX}), ${SIZE}}},\n")
  math(EXPR INDEX "${INDEX} + 1")
endforeach()
file(WRITE ${OUTPUT}.tmp
"// Generated from assets/ by cmake/EmbedAssets.cmake; do not edit.\n"
"#include \"recod/web/assets.hpp\"\n"
"namespace recod::web {\n"
"namespace {\n"
"${BODY}"
"const Asset kAssets[] = {\n${TABLE}};\n"
"}  // namespace\n"
"std::span<const Asset> embedded_assets() noexcept { return kAssets; }\n"
"}  // namespace recod::web\n")
# Only touch the output when it changed, so that an unchanged asset tree rebuilds nothing.
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
