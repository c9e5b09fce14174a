# Include roots that follow the link graph. Every library in src/ gets a folder in the build tree
# holding symbolic links to just the source folders (or single headers) it publishes; that
# folder is its only include directory, and linking a library is the only way to see it. So an
# include of a layer a library does not link, or of a store's internals from above the storage
# interface, fails to compile: the layering in src/CMakeLists.txt is kept by the build.
#
#   mercado_publish(mercado_http http)                  # http/... for whoever links it
#   mercado_publish(mercado_storage storage/store.hpp)  # one header, not the stores' folders

function(mercado_publish target)
  set(root ${PROJECT_BINARY_DIR}/include/${target})
  foreach(path IN LISTS ARGN)
    cmake_path(GET path PARENT_PATH parent)
    file(MAKE_DIRECTORY ${root}/${parent})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${path} ${root}/${path} SYMBOLIC)
  endforeach()
  target_include_directories(${target} PUBLIC ${root})
endfunction()
