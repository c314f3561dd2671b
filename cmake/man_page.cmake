# The man page: docs/memwho.1.scd turned into roff by scdoc at build time, gzipped as Debian
# wants it (gzip -9n: no name, no time stamp, so the same source gives the same bytes).
find_program(MEMWHO_SCDOC scdoc REQUIRED)
find_program(MEMWHO_GZIP gzip REQUIRED)
set(MEMWHO_MAN_SOURCE ${PROJECT_SOURCE_DIR}/docs/memwho.1.scd)
set(MEMWHO_MAN_PAGE ${PROJECT_BINARY_DIR}/memwho.1)
add_custom_command(
  OUTPUT ${MEMWHO_MAN_PAGE} ${MEMWHO_MAN_PAGE}.gz
  COMMAND ${MEMWHO_SCDOC} < ${MEMWHO_MAN_SOURCE} > ${MEMWHO_MAN_PAGE}
  COMMAND ${MEMWHO_GZIP} -9n -c ${MEMWHO_MAN_PAGE} > ${MEMWHO_MAN_PAGE}.gz
  DEPENDS ${MEMWHO_MAN_SOURCE}
  COMMENT "Building the man page memwho.1"
  VERBATIM)
add_custom_target(memwho_man_page ALL DEPENDS ${MEMWHO_MAN_PAGE} ${MEMWHO_MAN_PAGE}.gz)
