# hoso_add_plugin(NAME <name> SOURCES <files...> [LIBRARIES <libs...>])
#
# Builds a hoso plugin: a MODULE library named <name>.so with hidden
# visibility and no undefined symbols, placed where the host looks for
# plugins (HOSO_PLUGIN_OUTPUT_DIR, default: <build>/plugins).
function(hoso_add_plugin)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_NAME OR NOT ARG_SOURCES)
    message(FATAL_ERROR "hoso_add_plugin needs NAME and SOURCES")
  endif()
  if(NOT DEFINED HOSO_PLUGIN_OUTPUT_DIR)
    set(HOSO_PLUGIN_OUTPUT_DIR "${CMAKE_BINARY_DIR}/plugins")
  endif()
  add_library(${ARG_NAME} MODULE ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE hoso::sdk ${ARG_LIBRARIES})
  set_target_properties(${ARG_NAME} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY "${HOSO_PLUGIN_OUTPUT_DIR}")
  # Sanitizer runtimes are provided by the executable, so --no-undefined
  # only holds for plain builds.
  if(NOT CMAKE_CXX_FLAGS MATCHES "-fsanitize")
    target_link_options(${ARG_NAME} PRIVATE "LINKER:--no-undefined")
  endif()
  if(TARGET hoso_plugins)
    add_dependencies(hoso_plugins ${ARG_NAME})
  endif()
  if(DEFINED HOSO_PLUGIN_INSTALL_DIR)
    install(TARGETS ${ARG_NAME} LIBRARY DESTINATION "${HOSO_PLUGIN_INSTALL_DIR}")
  endif()
endfunction()
