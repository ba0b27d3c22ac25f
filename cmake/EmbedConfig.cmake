# Writes a C++ source that returns the text of INPUT, for embedded_default_config().
# A raw string literal with a delimiter that a JSON config will not contain.
file(READ ${INPUT} CONTENT)
file(WRITE ${OUTPUT}
"// Generated from config/recod.json by cmake/EmbedConfig.cmake; do not edit.\n"
"#include \"recod/config/config.hpp\"\n"
"namespace recod::config {\n"
"std::string_view embedded_default_config() noexcept {\n"
"  static constexpr std::string_view kText = R\"recod_config(${CONTENT})recod_config\";\n"
"  return kText;\n"
"}\n"
"}  // namespace recod::config\n")
