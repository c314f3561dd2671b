# `cpack -G DEB` in the build directory: memwho_<version>_<arch>.deb from what install.cmake
# installs, under /usr. dpkg-shlibdeps (package dpkg-dev) derives Depends from the libraries the
# binary links (libc6, libstdc++6, libgcc-s1, libfmt9, and the compressors libarchive needs:
# libarchive itself is linked statically), with the versions the build saw, so the .deb
# installs wherever those are.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME memwho)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "memwho developers <memwho@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "how much memory processes really use (VSS, RSS, PSS, USS), from /proc")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "memwho reports per-process and per-application memory read directly from /proc:\n\
the sizes that add up across processes (PSS, USS) apart from those that do not (VSS, RSS),\n\
what stopping a set of processes frees, mappings as pmap -x, changes over time and between\n\
captures, in a table or as TSV, CSV, JSON and OpenMetrics.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
set(CPACK_STRIP_FILES ON)
include(CPack)
